# verdict: wrong
# style: rate as g . g
# mistake: gives the slope as grad . grad = ||grad||^2 instead of ||grad||
# differs-on: any point where ||grad f|| != 1
import torch


def steepest_ascent(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    if torch.all(g == 0):
        raise ValueError("zero gradient")
    u = g / g.norm()
    return u, torch.dot(g, g)
