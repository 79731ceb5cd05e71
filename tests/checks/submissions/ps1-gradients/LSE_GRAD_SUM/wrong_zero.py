# verdict: wrong
# style: int literal
# mistake: thinks the two components cancel
# differs-on: the value (0 instead of 1)
LSE_GRAD_SUM = 0
