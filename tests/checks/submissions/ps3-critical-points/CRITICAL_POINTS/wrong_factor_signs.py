# verdict: wrong
# style: int literals
# mistake: factors x^2 - x - 2 as (x + 2)(x - 1), flipping the signs of the roots
# differs-on: the values
# 12x(x^2 - x - 2) = 12x(x + 2)(x - 1)
CRITICAL_POINTS = [-2, 0, 1]
