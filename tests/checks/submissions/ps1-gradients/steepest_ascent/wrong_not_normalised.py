# verdict: wrong
# style: returns the gradient itself as the direction
# mistake: returns the gradient as the direction without normalising it
# differs-on: any point where ||grad f|| != 1
import torch


def steepest_ascent(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    rate = g.norm()
    if rate == 0:
        raise ValueError("zero gradient")
    return g, rate
