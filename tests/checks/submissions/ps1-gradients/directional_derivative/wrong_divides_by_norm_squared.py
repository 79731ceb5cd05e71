# verdict: wrong
# style: autograd.grad, projection formula
# mistake: divides by ||d||^2 (vector projection coefficient) instead of ||d||
# differs-on: any direction whose length is not 1
import torch


def directional_derivative(f, point, direction):
    norm_sq = torch.dot(direction, direction)
    if norm_sq == 0:
        raise ValueError("zero direction")
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    # projection of the gradient onto the direction
    return torch.dot(g, direction) / norm_sq
