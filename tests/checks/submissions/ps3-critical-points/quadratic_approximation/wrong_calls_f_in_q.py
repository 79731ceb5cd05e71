# verdict: wrong
# style: q recomputes f, gradient and Hessian on every call
# mistake: computes f(x0), the gradient and the Hessian inside q, so every q(x) calls f again
# differs-on: a grader that counts calls of f (the values themselves are right)
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone()

    def q(x):
        xv = x0.clone().requires_grad_(True)
        f0 = f(xv)
        (g,) = torch.autograd.grad(f0, xv)
        H = torch.autograd.functional.hessian(f, x0)
        d = x - x0
        return (f0 + g @ d + 0.5 * d @ H @ d).detach()

    return q
