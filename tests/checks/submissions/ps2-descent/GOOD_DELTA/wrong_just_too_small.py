# verdict: wrong
# style: float literal
# mistake: a step slightly too small: the error after 30 steps is 2.3e-8, not below 1e-8
# differs-on: the value
GOOD_DELTA = 0.28
