# verdict: wrong
# style: unit vector with an epsilon in the norm
# mistake: divides by ||d|| + 1e-8 to avoid a division by zero, so short directions come out wrong (and a zero direction returns 0)
# differs-on: short nonzero directions, e.g. [3e-9, 4e-9]; the zero direction
# written-by: the checks' authors (not the independent corpus)
import torch


def directional_derivative(f, point, direction):
    u = direction / (torch.linalg.vector_norm(direction) + 1e-8)
    p = point.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        (g,) = torch.autograd.grad(f(p), p)
    return (u * g).sum()
