# verdict: correct
# style: angle * pi / 180 by hand
import math

import torch


def unit_vector(angle_deg):
    rad = angle_deg * math.pi / 180.0
    u = torch.empty(2, dtype=torch.float64)
    u[0] = math.cos(rad)
    u[1] = math.sin(rad)
    return u
