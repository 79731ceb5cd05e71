# verdict: wrong
# style: int literals
# mistake: adds points where f = 0 (the line x = -y), where the gradient does not vanish
# differs-on: the list (extra points)
D2L4_CRITICAL_POINTS = [(0, 0), (-1, 1), (1, -1)]
