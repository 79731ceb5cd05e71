# verdict: correct
# style: constants as tensors with x's dtype and device
import math

import torch


def slope_150(x, y):
    c = torch.tensor(-math.sqrt(3) / 2, dtype=x.dtype, device=x.device)
    s = torch.tensor(0.5, dtype=x.dtype, device=x.device)
    return c * (4 * y) + s * (4 * x + 3 * y * y)
