# verdict: wrong
# style: assert for the zero direction
# mistake: uses assert (AssertionError) instead of raising ValueError for a zero direction
# differs-on: a zero direction
import torch


def directional_derivative(f, point, direction):
    length = torch.linalg.norm(direction)
    assert length > 0, "direction must be nonzero"
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return torch.dot(direction / length, g)
