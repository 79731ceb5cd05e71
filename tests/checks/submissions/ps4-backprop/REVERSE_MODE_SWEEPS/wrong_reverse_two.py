# verdict: wrong
# style: int literals
# mistake: counts the forward evaluation as a reverse-mode sweep (2 instead of 1)
# differs-on: the 'reverse' value
# reverse mode needs a forward sweep and a backward sweep
REVERSE_MODE_SWEEPS = {"forward": 1000000, "reverse": 2}
