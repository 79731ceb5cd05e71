# verdict: broken
# style: computes the slope but never returns it
# mistake: forgets the return statement: returns None
# ruff: noqa: F841
import torch


def directional_derivative(f, point, direction):
    if direction.norm() == 0:
        raise ValueError("zero direction")
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    slope = torch.dot(direction / direction.norm(), g)
