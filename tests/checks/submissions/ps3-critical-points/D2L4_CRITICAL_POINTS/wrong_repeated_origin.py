# verdict: wrong
# style: list of tuples
# mistake: lists the origin twice (once per equation solved)
# differs-on: the list (a repeated point)
# written-by: the checks' authors (not the independent corpus)
D2L4_CRITICAL_POINTS = [(0, 0), (0, 0)]
