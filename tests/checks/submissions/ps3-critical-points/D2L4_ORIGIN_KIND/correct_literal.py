# verdict: correct
# style: string literal
# Replace ... with "minimum", "maximum" or "neither".
# f(x, x) = 2x^3 changes sign at 0
D2L4_ORIGIN_KIND = "neither"
