# verdict: wrong
# style: string literal
# mistake: concludes g = -h everywhere from a condition at one point
# differs-on: the value
D2L5_CHOICE = "d"
