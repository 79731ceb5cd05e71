# verdict: wrong
# style: float literal
# mistake: keeps the default step size, far too slow (error ~6e-3 after 30 steps)
# differs-on: the value
GOOD_DELTA = 0.1
