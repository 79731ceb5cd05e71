# verdict: wrong
# style: int literals
# mistake: adds points on the axes, where only one of the partials vanishes
# differs-on: the list (extra points)
D2L4_CRITICAL_POINTS = [(0, 0), (0, 1), (1, 0)]
