# verdict: wrong
# style: torch.as_tensor(..., dtype=torch.float64)
# mistake: converts the inputs to float64 and returns float64
# differs-on: float32 inputs
import math

import torch


def slope_150(x, y):
    x = torch.as_tensor(x, dtype=torch.float64)
    y = torch.as_tensor(y, dtype=torch.float64)
    return 2 * x - 2 * math.sqrt(3) * y + 1.5 * y**2
