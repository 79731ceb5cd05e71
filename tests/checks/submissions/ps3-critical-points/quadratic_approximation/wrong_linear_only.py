# verdict: wrong
# style: closure over autograd gradient
# mistake: returns the linear approximation f(x0) + grad . (x - x0) without the Hessian term
# differs-on: any x where (x - x0)^T H (x - x0) != 0
# written-by: the checks' authors (not the independent corpus)
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    v = x0.clone().requires_grad_(True)
    with torch.enable_grad():
        f0 = f(v)
        (g,) = torch.autograd.grad(f0, v)
    f0 = f0.detach()

    def q(x):
        return f0 + (x - x0) @ g

    return q
