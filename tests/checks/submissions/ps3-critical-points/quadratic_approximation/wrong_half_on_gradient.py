# verdict: wrong
# style: closure with 1/2 on both terms
# mistake: puts the 1/2 in front of the gradient term as well
# differs-on: any x with grad f(x0) . (x - x0) != 0
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
        return f0 + 0.5 * (g @ d + d @ H @ d)

    return q
