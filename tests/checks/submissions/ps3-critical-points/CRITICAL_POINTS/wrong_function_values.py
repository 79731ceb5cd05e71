# verdict: wrong
# style: hand-computed list
# mistake: lists the values f(x) at the critical points instead of the points x
# differs-on: the values
# written-by: the checks' authors (not the independent corpus)
# f(-1) = -5, f(0) = 0, f(2) = -32
CRITICAL_POINTS = [-32, -5, 0]
