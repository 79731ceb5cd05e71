# verdict: wrong
# style: string literal
# mistake: thinks both gradients must vanish
# differs-on: the value
D2L5_CHOICE = "a"
