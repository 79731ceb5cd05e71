# verdict: wrong
# style: closed form
# mistake: differentiates y^3 as y^2 instead of 3y^2
# differs-on: any y != 0
import math


def slope_150(x, y):
    # d/dy (y^3) = y^2
    return 2 * x - 2 * math.sqrt(3) * y + 0.5 * y**2
