# verdict: wrong
# style: returns [u, rate]
# mistake: returns a list instead of a tuple
# differs-on: any input (type of the result)
import torch


def steepest_ascent(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    rate = torch.linalg.vector_norm(g)
    if rate == 0:
        raise ValueError("zero gradient")
    return [g / rate, rate]
