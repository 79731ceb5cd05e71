# verdict: wrong
# style: float literal
# mistake: delta = 1 leaves an error of 7e-8 after 30 steps
# differs-on: the value
GOOD_DELTA = 1.0
