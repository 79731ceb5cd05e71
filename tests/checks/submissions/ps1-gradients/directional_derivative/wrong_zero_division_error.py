# verdict: wrong
# style: 1 / norm as a Python float
# mistake: relies on Python's ZeroDivisionError for a zero direction instead of raising ValueError
# differs-on: a zero direction (ZeroDivisionError, not ValueError)
import torch


def directional_derivative(f, point, direction):
    scale = 1.0 / direction.norm().item()  # fails for a zero vector anyway
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return scale * torch.dot(direction, g)
