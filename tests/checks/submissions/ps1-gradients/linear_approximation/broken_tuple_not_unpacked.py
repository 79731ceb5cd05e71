# verdict: broken
# style: autograd.grad result used as a tensor
# mistake: forgets that torch.autograd.grad returns a tuple: TypeError in torch.dot
import torch


def linear_approximation(f, point, eps):
    x = point.detach().clone().requires_grad_(True)
    fx = f(x)
    g = torch.autograd.grad(fx, x)
    return (fx + torch.dot(eps, g)).detach()
