# verdict: wrong
# style: closed form
# mistake: takes cos 150 = +sqrt(3)/2 (the cosine of 30 degrees), so the 4y term has the wrong sign
# differs-on: any y != 0
import math


def slope_150(x, y):
    return 2 * x + 2 * math.sqrt(3) * y + 1.5 * y**2
