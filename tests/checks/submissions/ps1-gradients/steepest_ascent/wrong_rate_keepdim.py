# verdict: wrong
# style: norm with keepdim=True
# mistake: keepdim=True makes the rate a 1-element tensor of shape (1,) instead of 0-d
# differs-on: any input (rate shape (1,))
import torch


def steepest_ascent(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    rate = torch.linalg.vector_norm(g, dim=0, keepdim=True)
    if (rate == 0).all():
        raise ValueError("zero gradient")
    return g / rate, rate
