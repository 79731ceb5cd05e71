# verdict: wrong
# style: string literal
# mistake: calls the origin a minimum (f(0, 0) = 0 looked smallest near the axes)
# differs-on: the value
D2L4_ORIGIN_KIND = "minimum"
