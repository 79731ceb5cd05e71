# verdict: wrong
# style: math.radians, components swapped
# mistake: returns (sin, cos) instead of (cos, sin): the angle is measured from the +y axis
# differs-on: any angle other than 45 and 225 degrees
import math

import torch


def unit_vector(angle_deg):
    a = math.radians(angle_deg)
    return torch.tensor([math.sin(a), math.cos(a)], dtype=torch.float64)
