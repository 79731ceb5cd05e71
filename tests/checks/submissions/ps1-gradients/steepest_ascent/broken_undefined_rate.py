# verdict: broken
# style: forgets to define the rate
# mistake: returns an undefined name rate: NameError on every call
# ruff: noqa: F821
import torch


def steepest_ascent(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    if torch.all(g == 0):
        raise ValueError("zero gradient")
    u = g / g.norm()
    return u, rate
