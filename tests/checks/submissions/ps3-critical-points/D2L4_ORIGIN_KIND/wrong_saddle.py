# verdict: wrong
# style: string literal
# mistake: answers 'saddle', which is not one of the three allowed strings
# differs-on: the value
D2L4_ORIGIN_KIND = "saddle"
