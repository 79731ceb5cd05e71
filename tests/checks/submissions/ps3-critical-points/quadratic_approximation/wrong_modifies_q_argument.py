# verdict: wrong
# style: q shifts its argument in place
# mistake: q does x -= x0, changing the tensor the caller passed to q
# differs-on: any call q(x) with x0 != 0 (the caller's x is changed)
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    xv = x0.clone().requires_grad_(True)
    f0 = f(xv)
    (g,) = torch.autograd.grad(f0, xv)
    H = torch.autograd.functional.hessian(f, x0)
    f0 = f0.detach()

    def q(x):
        x -= x0
        return f0 + g @ x + 0.5 * x @ H @ x

    return q
