# verdict: correct
# style: autograd.grad on a clone, value detached
import torch


def linear_approximation(f, point, eps):
    """First-order approximation f(point) + eps . grad f(point) of f(point + eps)."""
    with torch.enable_grad():
        x0 = point.detach().clone().requires_grad_(True)
        value = f(x0)
        (grad,) = torch.autograd.grad(value, x0)
    return (value + torch.dot(eps, grad)).detach()
