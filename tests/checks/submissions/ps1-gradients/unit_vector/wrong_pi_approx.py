# verdict: wrong
# style: converts with 3.14 / 180
# mistake: uses 3.14 for pi, so every nonzero angle is slightly off
# differs-on: any nonzero angle (error ~1e-3 at 150 degrees)
import math

import torch


def unit_vector(angle_deg):
    rad = angle_deg / 180 * 3.14
    return torch.tensor([math.cos(rad), math.sin(rad)], dtype=torch.float64)
