# verdict: wrong
# style: hand-computed list
# mistake: lists the double root 0 twice
# differs-on: the list (a repeated point)
# written-by: the checks' authors (not the independent corpus)
CRITICAL_POINTS = [-1, 0, 0, 2]
