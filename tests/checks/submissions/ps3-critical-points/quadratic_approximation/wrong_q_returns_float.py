# verdict: wrong
# style: closure returning .item()
# mistake: q returns a Python float instead of a 0-d tensor
# differs-on: any x (type of q(x))
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    xv = x0.clone().requires_grad_(True)
    f0 = f(xv)
    (g,) = torch.autograd.grad(f0, xv)
    H = torch.autograd.functional.hessian(f, x0)

    def q(x):
        d = x - x0
        return (f0 + g @ d + 0.5 * d @ H @ d).item()

    return q
