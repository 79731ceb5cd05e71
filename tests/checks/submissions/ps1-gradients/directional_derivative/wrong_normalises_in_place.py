# verdict: wrong
# style: normalises the direction in place
# mistake: normalises with direction /= norm, changing the caller's direction tensor
# differs-on: any direction whose length is not 1 (the caller's tensor is changed)
import torch


def directional_derivative(f, point, direction):
    norm = torch.linalg.vector_norm(direction)
    if norm == 0:
        raise ValueError("zero direction")
    direction /= norm
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return torch.dot(direction, g)
