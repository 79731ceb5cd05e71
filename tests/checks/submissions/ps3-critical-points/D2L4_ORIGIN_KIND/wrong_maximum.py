# verdict: wrong
# style: string literal
# mistake: calls the origin a maximum
# differs-on: the value
D2L4_ORIGIN_KIND = "maximum"
