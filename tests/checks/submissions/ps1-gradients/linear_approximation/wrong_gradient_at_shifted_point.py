# verdict: wrong
# style: autograd.grad at point + eps
# mistake: evaluates the gradient at point + eps instead of at point
# differs-on: any f whose gradient is not constant
import torch


def linear_approximation(f, point, eps):
    # the slope along the step, taken where we land
    x1 = (point + eps).detach().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x1), x1)
    with torch.no_grad():
        return f(point) + torch.dot(eps, g)
