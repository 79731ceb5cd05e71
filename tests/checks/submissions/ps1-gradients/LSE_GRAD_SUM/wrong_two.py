# verdict: wrong
# style: int literal
# mistake: adds 1 + 1 (each component's maximum)
# differs-on: the value (2 instead of 1)
LSE_GRAD_SUM = 2
