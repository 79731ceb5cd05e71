# verdict: wrong
# style: gradient and its squared length
# mistake: returns the gradient itself as the direction and grad . grad = ||grad||^2 as the slope
# differs-on: any point where ||grad|| != 1
# written-by: the checks' authors (not the independent corpus)
import torch


def steepest_ascent(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    rate = g @ g
    if rate == 0:
        raise ValueError("zero gradient")
    return g, rate
