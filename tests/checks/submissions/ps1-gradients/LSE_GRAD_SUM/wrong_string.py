# verdict: wrong
# style: string
# mistake: stores the answer as a string, not a number
# differs-on: the type (str)
LSE_GRAD_SUM = "1"
