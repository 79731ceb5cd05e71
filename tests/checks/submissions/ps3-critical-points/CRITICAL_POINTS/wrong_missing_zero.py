# verdict: wrong
# style: int literals
# mistake: divides f' by 12x and forgets the root x = 0
# differs-on: the list (0 is missing)
# x^2 - x - 2 = (x - 2)(x + 1)
CRITICAL_POINTS = [-1, 2]
