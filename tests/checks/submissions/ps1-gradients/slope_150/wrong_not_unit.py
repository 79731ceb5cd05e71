# verdict: wrong
# style: direction (-sqrt 3, 1) without normalising
# mistake: uses the direction (-sqrt 3, 1) of length 2 without normalising it, doubling the slope
# differs-on: any (x, y) other than (0, 0)
import math


def slope_150(x, y):
    d = (-math.sqrt(3), 1.0)  # points at 150 degrees
    return d[0] * 4 * y + d[1] * (4 * x + 3 * y**2)
