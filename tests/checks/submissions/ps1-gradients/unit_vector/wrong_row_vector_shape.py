# verdict: wrong
# style: nested list gives a (1, 2) tensor
# mistake: returns shape (1, 2) instead of (2,)
# differs-on: any angle (shape)
import math

import torch


def unit_vector(angle_deg):
    t = math.radians(angle_deg)
    return torch.tensor([[math.cos(t), math.sin(t)]], dtype=torch.float64)
