# verdict: wrong
# style: converts to Python floats with float()
# mistake: converts the inputs to Python floats: returns a float, and fails on tensors with more than one element
# differs-on: tensor inputs (a float instead of a tensor; batches raise)
import math


def slope_150(x, y):
    xv, yv = float(x), float(y)
    return 2 * xv - 2 * math.sqrt(3) * yv + 1.5 * yv**2
