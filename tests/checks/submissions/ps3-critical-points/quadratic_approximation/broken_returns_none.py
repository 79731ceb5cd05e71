# verdict: broken
# style: defines q but forgets to return it
# mistake: no return statement: quadratic_approximation returns None
# ruff: noqa: F841
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    xv = x0.clone().requires_grad_(True)
    f0 = f(xv)
    (g,) = torch.autograd.grad(f0, xv)
    H = torch.autograd.functional.hessian(f, x0)

    def q(x):
        d = x - x0
        return f0.detach() + g @ d + 0.5 * d @ H @ d
