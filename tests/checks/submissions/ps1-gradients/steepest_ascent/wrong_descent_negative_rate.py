# verdict: wrong
# style: minus the normalised gradient, slope along it
# mistake: returns the direction of steepest descent -grad/||grad|| and the slope along it, -||grad||
# differs-on: any point with a nonzero gradient
# written-by: the checks' authors (not the independent corpus)
import torch


def steepest_ascent(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    n = torch.linalg.vector_norm(g)
    if n == 0:
        raise ValueError("zero gradient")
    u = -g / n
    return u, u @ g
