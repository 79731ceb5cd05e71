# verdict: wrong
# style: closure, gradient term subtracted
# mistake: subtracts the gradient term
# differs-on: any x with grad f(x0) . (x - x0) != 0
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    xv = x0.clone().requires_grad_(True)
    f0 = f(xv)
    (g,) = torch.autograd.grad(f0, xv)
    H = torch.autograd.functional.hessian(f, x0)

    def q(x):
        d = x - x0
        return f0.detach() - g @ d + 0.5 * d @ H @ d

    return q
