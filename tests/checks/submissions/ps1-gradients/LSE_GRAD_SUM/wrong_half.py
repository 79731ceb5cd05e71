# verdict: wrong
# style: float literal
# mistake: takes the value at x = y for one component
# differs-on: the value (0.5 instead of 1)
LSE_GRAD_SUM = 0.5
