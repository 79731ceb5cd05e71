# verdict: wrong
# style: a tuple instead of a list of tuples
# mistake: gives the single point as a bare tuple, not a list of tuples
# differs-on: the type
D2L4_CRITICAL_POINTS = (0, 0)
