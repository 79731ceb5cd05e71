# verdict: correct
# style: half of the y-partial minus sqrt(3)/2 of the x-partial
import math


def slope_150(x, y):
    # D_u f = (1/2)(4x + 3y^2) - (sqrt(3)/2)(4y)
    return 0.5 * (4 * x + 3 * y**2) - (math.sqrt(3) / 2) * (4 * y)
