# verdict: wrong
# style: string
# mistake: stores the step size as a string
# differs-on: the type (str)
GOOD_DELTA = "0.6"
