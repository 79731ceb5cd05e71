# verdict: wrong
# style: int literal
# mistake: an int, and delta = 2 diverges (rho > 1)
# differs-on: the type and the value
GOOD_DELTA = 2
