# verdict: correct
# style: u from math.cos/math.sin of radians(150), dot with the hand gradient
import math


def slope_150(x, y):
    theta = math.radians(150)
    ux, uy = math.cos(theta), math.sin(theta)
    df_dx = 4 * y
    df_dy = 4 * x + 3 * y**2
    return ux * df_dx + uy * df_dy
