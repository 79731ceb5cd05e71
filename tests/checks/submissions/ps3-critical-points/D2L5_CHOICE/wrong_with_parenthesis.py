# verdict: wrong
# style: string literal
# mistake: includes the parentheses of the option label
# differs-on: the exact string
D2L5_CHOICE = "(b)"
