# verdict: wrong
# style: tests for the zero direction with direction.sum() == 0
# mistake: tests for the zero direction with direction.sum() == 0, so directions whose components cancel raise ValueError
# differs-on: nonzero directions whose entries sum to 0, e.g. [1, -1]
import torch


def directional_derivative(f, point, direction):
    if direction.sum() == 0:
        raise ValueError("direction must not be zero")
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return torch.dot(direction / direction.norm(), g)
