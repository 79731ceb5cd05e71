# verdict: wrong
# style: closure over f(x0) still attached to the graph
# mistake: keeps f(x0) attached to the autograd graph, so every q(x) requires grad
# differs-on: any x (q(x).requires_grad is True)
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone().requires_grad_(True)
    f0 = f(x0)
    (g,) = torch.autograd.grad(f0, x0, retain_graph=True)
    H = torch.autograd.functional.hessian(f, x0.detach())

    def q(x):
        d = x - x0.detach()
        return f0 + g @ d + 0.5 * d @ H @ d

    return q
