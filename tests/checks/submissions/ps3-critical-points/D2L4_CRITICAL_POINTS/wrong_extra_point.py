# verdict: wrong
# style: int literals
# mistake: adds a point of the line 2x + y = 0 without checking the second equation
# differs-on: the list (an extra point)
# y = -2x from the first equation
D2L4_CRITICAL_POINTS = [(0, 0), (1, -2)]
