# verdict: wrong
# style: math.cos(150) without converting degrees
# mistake: passes 150 (degrees) straight to math.cos/math.sin, which expect radians
# differs-on: any (x, y) other than (0, 0)
import math


def slope_150(x, y):
    u1, u2 = math.cos(150), math.sin(150)
    return u1 * 4 * y + u2 * (4 * x + 3 * y**2)
