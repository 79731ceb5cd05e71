# verdict: correct
# style: float() around hand values
STEPS_UNSCALED = [(float(-5), float(1)), (float(14), float(6))]
