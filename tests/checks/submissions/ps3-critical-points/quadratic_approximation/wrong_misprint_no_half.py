# verdict: wrong
# style: closure, Hessian term without 1/2
# mistake: leaves out the 1/2 in front of the Hessian term (the old D2L misprint 2(x+1)^2 + 2y^2)
# differs-on: any x != x0 where (x - x0)^T H (x - x0) != 0
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    xv = x0.clone().requires_grad_(True)
    f0 = f(xv)
    (g,) = torch.autograd.grad(f0, xv)
    H = torch.autograd.functional.hessian(f, x0)
    f0 = f0.detach()

    def q(x):
        d = x - x0
        return f0 + g @ d + d @ H @ d

    return q
