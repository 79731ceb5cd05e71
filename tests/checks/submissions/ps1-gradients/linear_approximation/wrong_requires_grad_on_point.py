# verdict: wrong
# style: autograd.grad on the caller's point
# mistake: turns on requires_grad of the caller's point
# differs-on: any input (point.requires_grad is True afterwards)
import torch


def linear_approximation(f, point, eps):
    point.requires_grad_(True)
    val = f(point)
    grad = torch.autograd.grad(val, point)[0]
    return val.detach() + torch.dot(eps, grad)
