# verdict: wrong
# style: math.radians, negative sine
# mistake: measures the angle clockwise (cos, -sin) instead of counter-clockwise
# differs-on: any angle that is not a multiple of 180 degrees
import math

import torch


def unit_vector(angle_deg):
    theta = math.radians(angle_deg)
    # rotate the x axis by theta
    return torch.tensor([math.cos(theta), -math.sin(theta)], dtype=torch.float64)
