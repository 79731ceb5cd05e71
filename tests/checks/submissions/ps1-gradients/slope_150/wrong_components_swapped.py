# verdict: wrong
# style: unit vector with sin and cos swapped
# mistake: uses (sin 150, cos 150) as the direction, i.e. the angle measured from the y axis
# differs-on: any (x, y) other than (0, 0)
import math


def slope_150(x, y):
    t = math.radians(150)
    u = (math.sin(t), math.cos(t))
    return u[0] * (4 * y) + u[1] * (4 * x + 3 * y**2)
