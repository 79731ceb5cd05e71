# verdict: wrong
# style: minus the normalised gradient
# mistake: returns -grad/||grad||, the direction of steepest descent
# differs-on: any point with a nonzero gradient
import torch


def steepest_ascent(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    n = torch.linalg.vector_norm(g)
    if n == 0:
        raise ValueError("zero gradient")
    return -g / n, n
