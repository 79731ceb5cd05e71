# verdict: wrong
# style: string literal
# mistake: upper-case letter instead of the lower-case string asked for
# differs-on: the exact string
D2L5_CHOICE = "B"
