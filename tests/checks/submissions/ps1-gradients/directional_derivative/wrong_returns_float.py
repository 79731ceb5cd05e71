# verdict: wrong
# style: returns .item()
# mistake: returns a Python float instead of a 0-d tensor
# differs-on: any input (type of the result)
import torch


def directional_derivative(f, point, direction):
    if direction.norm() == 0:
        raise ValueError("zero direction")
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return (g @ direction / direction.norm()).item()
