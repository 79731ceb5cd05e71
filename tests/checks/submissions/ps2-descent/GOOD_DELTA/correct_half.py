# verdict: correct
# style: float literal
GOOD_DELTA = 0.5
