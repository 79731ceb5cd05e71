# verdict: wrong
# style: hand-computed list
# mistake: stops after two roots and forgets x = 2
# differs-on: the list (2 is missing)
# written-by: the checks' authors (not the independent corpus)
CRITICAL_POINTS = [-1, 0]
