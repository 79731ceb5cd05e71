# verdict: wrong
# style: closure over the caller's point (no copy)
# mistake: q uses the caller's point object, so changing point in place later changes q
# differs-on: a caller who modifies point in place after building q
import torch


def quadratic_approximation(f, point):
    xv = point.detach().clone().requires_grad_(True)
    f0 = f(xv)
    (g,) = torch.autograd.grad(f0, xv)
    H = torch.autograd.functional.hessian(f, point)
    f0 = f0.detach()

    def q(x):
        d = x - point
        return f0 + g @ d + 0.5 * d @ H @ d

    return q
