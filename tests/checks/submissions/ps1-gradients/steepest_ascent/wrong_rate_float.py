# verdict: wrong
# style: rate as a Python float
# mistake: returns the rate as a Python float instead of a 0-d tensor
# differs-on: any input (type of the rate)
import torch


def steepest_ascent(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    rate = g.norm().item()
    if rate == 0:
        raise ValueError("zero gradient")
    return g / rate, rate
