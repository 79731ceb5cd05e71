# verdict: wrong
# style: normalises the gradient instead of the direction
# mistake: divides the gradient by its length instead of dividing the direction by its length
# differs-on: any input where ||grad f|| != ||direction||
import torch


def directional_derivative(f, point, direction):
    if not torch.any(direction != 0):
        raise ValueError("zero direction")
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return torch.dot(direction, g / g.norm())
