# verdict: wrong
# style: autograd, the first-order term only
# mistake: returns eps . grad f(point) without adding f(point)
# differs-on: any point where f(point) != 0
# written-by: the checks' authors (not the independent corpus)
import torch


def linear_approximation(f, point, eps):
    p = point.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        (g,) = torch.autograd.grad(f(p), p)
    return (eps * g).sum()
