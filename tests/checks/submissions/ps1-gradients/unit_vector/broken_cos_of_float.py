# verdict: broken
# style: torch.cos on a Python float
# mistake: torch.cos of a Python float: TypeError on every call
import math

import torch


def unit_vector(angle_deg):
    theta = math.radians(angle_deg)
    return torch.tensor([torch.cos(theta), torch.sin(theta)], dtype=torch.float64)
