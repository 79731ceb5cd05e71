# verdict: wrong
# style: matmul of a row vector with the gradient
# mistake: u as a (1, n) row vector times the gradient gives a tensor of shape (1,), not a 0-d tensor
# differs-on: any input (shape (1,) instead of ())
import torch


def directional_derivative(f, point, direction):
    if direction.norm() == 0:
        raise ValueError("zero direction")
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    u = (direction / direction.norm()).unsqueeze(0)  # row vector
    return u @ g
