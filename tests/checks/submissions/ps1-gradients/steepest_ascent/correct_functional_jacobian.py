# verdict: correct
# style: torch.autograd.functional.jacobian, Python float check
import torch
from torch.autograd.functional import jacobian


def steepest_ascent(f, point):
    grad = jacobian(f, point.detach())
    size = float(torch.linalg.norm(grad))
    if size == 0.0:
        raise ValueError("no steepest ascent direction at a critical point")
    rate = torch.linalg.norm(grad)
    return grad / rate, rate
