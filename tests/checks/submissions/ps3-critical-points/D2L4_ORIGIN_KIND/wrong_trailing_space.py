# verdict: wrong
# style: string literal
# mistake: a trailing space in the string
# differs-on: the exact string
D2L4_ORIGIN_KIND = "neither "
