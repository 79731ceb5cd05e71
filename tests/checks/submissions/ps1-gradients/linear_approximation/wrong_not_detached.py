# verdict: wrong
# style: autograd.grad, value not detached
# mistake: returns f(x) + eps . g with f(x) still attached to the autograd graph
# differs-on: any input (result.requires_grad is True)
import torch


def linear_approximation(f, point, eps):
    x = point.detach().clone().requires_grad_(True)
    fx = f(x)
    (g,) = torch.autograd.grad(fx, x, retain_graph=True)
    return fx + torch.dot(eps, g)
