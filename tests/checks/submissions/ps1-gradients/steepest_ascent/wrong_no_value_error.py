# verdict: wrong
# style: no zero-gradient check
# mistake: does not raise ValueError at a critical point (returns nan)
# differs-on: a point where grad f = 0
import torch


def steepest_ascent(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    rate = torch.linalg.vector_norm(g)
    return g / rate, rate
