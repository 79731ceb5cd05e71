# verdict: wrong
# style: autograd.grad, no zero check
# mistake: no check for the zero direction: returns nan instead of raising ValueError
# differs-on: a zero direction
import torch


def directional_derivative(f, point, direction):
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    u = direction / direction.norm()
    return u @ g
