# verdict: wrong
# style: autograd.grad, .item()
# mistake: returns a Python float instead of a 0-d tensor
# differs-on: any input (type of the result)
import torch


def linear_approximation(f, point, eps):
    x = point.detach().clone().requires_grad_(True)
    fx = f(x)
    (g,) = torch.autograd.grad(fx, x)
    return fx.item() + torch.dot(eps, g).item()
