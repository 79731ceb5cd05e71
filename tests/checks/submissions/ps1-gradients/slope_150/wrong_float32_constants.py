# verdict: wrong
# style: unit vector built as a default-dtype tensor
# mistake: stores the direction in a float32 tensor, so float64 results carry float32 rounding of cos/sin (relative error ~1e-8)
# differs-on: float64 inputs compared at float64 precision
import math

import torch


def slope_150(x, y):
    t = math.radians(150)
    u = torch.tensor([math.cos(t), math.sin(t)])
    return u[0] * (4 * y) + u[1] * (4 * x + 3 * y**2)
