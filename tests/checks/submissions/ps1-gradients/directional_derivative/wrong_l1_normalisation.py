# verdict: wrong
# style: normalises with the sum of absolute values
# mistake: normalises with the L1 norm instead of the Euclidean norm
# differs-on: any direction with two or more nonzero components
import torch


def directional_derivative(f, point, direction):
    size = direction.abs().sum()
    if size == 0:
        raise ValueError("zero direction")
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return torch.dot(direction / size, g)
