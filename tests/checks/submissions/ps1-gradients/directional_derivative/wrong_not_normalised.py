# verdict: wrong
# style: autograd.grad, dot with the raw direction
# mistake: forgets to normalise the direction, so the slope is scaled by its length
# differs-on: any direction whose length is not 1
import torch


def directional_derivative(f, point, direction):
    if torch.all(direction == 0):
        raise ValueError("zero direction")
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    return torch.dot(direction, g)
