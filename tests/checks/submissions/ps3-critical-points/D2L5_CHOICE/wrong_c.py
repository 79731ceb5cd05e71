# verdict: wrong
# style: string literal
# mistake: drops the minus sign: grad g = grad h
# differs-on: the value
D2L5_CHOICE = "c"
