# verdict: wrong
# style: math.cos on the angle in degrees
# mistake: passes degrees to math.cos/math.sin, which expect radians
# differs-on: any angle other than 0
import math

import torch


def unit_vector(angle_deg):
    return torch.tensor([math.cos(angle_deg), math.sin(angle_deg)], dtype=torch.float64)
