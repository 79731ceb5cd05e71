# verdict: correct
# style: math.radians, torch.tensor(..., dtype=float64)
import math

import torch


def unit_vector(angle_deg):
    """Unit vector [cos(theta), sin(theta)] for an angle in degrees from the +x axis."""
    theta = math.radians(angle_deg)
    return torch.tensor([math.cos(theta), math.sin(theta)], dtype=torch.float64)
