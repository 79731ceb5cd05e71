# verdict: correct
# style: int literal
# Replace ... with a Python number.
LSE_GRAD_SUM = 1
