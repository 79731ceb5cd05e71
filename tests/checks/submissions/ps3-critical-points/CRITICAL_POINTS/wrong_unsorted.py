# verdict: wrong
# style: int literals in the order found
# mistake: lists the points in the order they were found, not sorted
# differs-on: the order
CRITICAL_POINTS = [0, 2, -1]
