# verdict: correct
# style: float literals
D2L4_CRITICAL_POINTS = [(0.0, 0.0)]
