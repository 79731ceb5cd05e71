# verdict: wrong
# style: autograd.grad on the caller's point
# mistake: switches on requires_grad of the caller's point
# differs-on: any input (point.requires_grad is True afterwards)
import torch


def steepest_ascent(f, point):
    point.requires_grad_(True)
    (g,) = torch.autograd.grad(f(point), point)
    rate = torch.linalg.vector_norm(g)
    if rate == 0:
        raise ValueError("zero gradient")
    return g / rate, rate
