# verdict: wrong
# style: math.radians, torch.tensor without dtype
# mistake: torch.tensor without dtype= gives float32, not the float64 the exercise asks for
# differs-on: any angle (dtype float32)
import math

import torch


def unit_vector(angle_deg):
    theta = math.radians(angle_deg)
    return torch.tensor([math.cos(theta), math.sin(theta)])
