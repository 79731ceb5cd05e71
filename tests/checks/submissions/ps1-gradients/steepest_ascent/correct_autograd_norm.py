# verdict: correct
# style: autograd.grad, vector_norm, ValueError on a zero norm
import torch


def steepest_ascent(f, point):
    """Unit direction of steepest ascent of f at point, and the slope along it."""
    with torch.enable_grad():
        p = point.detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(p), p)
    rate = torch.linalg.vector_norm(g)
    if rate == 0:
        raise ValueError("the gradient is zero: there is no direction of steepest ascent")
    return g / rate, rate
