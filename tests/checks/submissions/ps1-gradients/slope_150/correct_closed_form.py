# verdict: correct
# style: simplified closed form with math.sqrt
import math


def slope_150(x, y):
    """Derivative of f(x, y) = 4xy + y^3 along 150 degrees, elementwise, in closed form."""
    # grad f = (4y, 4x + 3y^2), u = (-sqrt(3)/2, 1/2)
    return 2 * x - 2 * math.sqrt(3) * y + 1.5 * y**2
