# verdict: correct
# style: autograd gradient and functional.hessian, closure over detached copies
import torch


def quadratic_approximation(f, point):
    """Second-order Taylor approximation of ``f`` around ``point``."""
    x0 = point.detach().clone()
    with torch.enable_grad():
        xv = x0.clone().requires_grad_(True)
        f0 = f(xv)
        (g,) = torch.autograd.grad(f0, xv)
    H = torch.autograd.functional.hessian(f, x0)
    f0 = f0.detach()

    def q(x):
        d = x - x0
        return f0 + torch.dot(g, d) + 0.5 * torch.dot(d, H @ d)

    return q
