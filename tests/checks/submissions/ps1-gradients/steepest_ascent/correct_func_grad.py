# verdict: correct
# style: torch.func.grad, torch.any for the zero test
import torch


def steepest_ascent(f, point):
    g = torch.func.grad(f)(point.detach())
    if not torch.any(g != 0):
        raise ValueError("grad f = 0")
    n = g.norm()
    return g / n, n
