# verdict: correct
# style: float literals
CRITICAL_POINTS = [-1.0, 0.0, 2.0]
