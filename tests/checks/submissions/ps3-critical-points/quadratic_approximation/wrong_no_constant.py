# verdict: wrong
# style: closure over autograd gradient and Hessian
# mistake: leaves out the constant term f(x0)
# differs-on: any x0 with f(x0) != 0
# written-by: the checks' authors (not the independent corpus)
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    v = x0.clone().requires_grad_(True)
    with torch.enable_grad():
        (g,) = torch.autograd.grad(f(v), v)
    H = torch.autograd.functional.hessian(f, x0)

    def q(x):
        d = x - x0
        return d @ g + 0.5 * (d @ H @ d)

    return q
