# verdict: wrong
# style: closure, polynomial in x instead of x - x0
# mistake: uses x instead of x - x0 in the linear and quadratic terms
# differs-on: any point x0 != 0
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    xv = x0.clone().requires_grad_(True)
    f0 = f(xv)
    (g,) = torch.autograd.grad(f0, xv)
    H = torch.autograd.functional.hessian(f, x0)
    f0 = f0.detach()

    def q(x):
        return f0 + g @ x + 0.5 * x @ H @ x

    return q
