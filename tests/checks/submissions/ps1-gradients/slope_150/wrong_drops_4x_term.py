# verdict: wrong
# style: closed form
# mistake: forgets the 4x of d(4xy)/dy, so df/dy = 3y^2 instead of 4x + 3y^2
# differs-on: any x != 0
import math


def slope_150(x, y):
    dfdx = 4 * y
    dfdy = 3 * y**2  # d/dy of 4xy + y^3
    return -math.sqrt(3) / 2 * dfdx + 0.5 * dfdy
