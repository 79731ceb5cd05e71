# verdict: correct
# style: float literals
GLOBAL_MIN = (2.0, -32.0)
