# verdict: wrong
# style: closure over float64 copies for accuracy
# mistake: keeps f(x0), the gradient and the Hessian in float64, so q returns float64 for float32 points
# differs-on: float32 points
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().double()
    xv = x0.clone().requires_grad_(True)
    with torch.enable_grad():
        f0 = f(xv)
        (g,) = torch.autograd.grad(f0, xv)
    H = torch.autograd.functional.hessian(f, x0)
    f0 = f0.detach()

    def q(x):
        d = x.double() - x0
        return f0 + g @ d + 0.5 * d @ H @ d

    return q
