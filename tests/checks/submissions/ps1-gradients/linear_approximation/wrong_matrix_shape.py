# verdict: wrong
# style: row vector times column vector
# mistake: eps^T grad written as (1, n) @ (n, 1) gives a (1, 1) tensor instead of a 0-d tensor
# differs-on: any input (shape (1, 1) instead of ())
import torch


def linear_approximation(f, point, eps):
    x = point.detach().clone().requires_grad_(True)
    fx = f(x)
    (g,) = torch.autograd.grad(fx, x)
    # eps^T grad as a matrix product
    return (fx + eps.view(1, -1) @ g.view(-1, 1)).detach()
