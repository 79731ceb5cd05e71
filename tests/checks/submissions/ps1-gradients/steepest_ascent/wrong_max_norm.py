# verdict: wrong
# style: largest component as the rate
# mistake: normalises by the largest |component| (max norm) instead of the Euclidean norm
# differs-on: any gradient with two or more nonzero components
import torch


def steepest_ascent(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    rate = g.abs().max()
    if rate == 0:
        raise ValueError("zero gradient")
    return g / rate, rate
