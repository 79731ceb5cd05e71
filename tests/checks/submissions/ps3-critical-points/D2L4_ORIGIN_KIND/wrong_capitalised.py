# verdict: wrong
# style: string literal
# mistake: capitalises the answer
# differs-on: the exact string
D2L4_ORIGIN_KIND = "Neither"
