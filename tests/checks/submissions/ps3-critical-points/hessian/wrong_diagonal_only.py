# verdict: wrong
# style: second derivative of each coordinate on its own
# mistake: keeps only the diagonal d^2f/dx_i^2 and leaves the mixed partials at zero
# differs-on: any f with mixed partials, e.g. sin(x*y) or 1/2 x^T A x with non-diagonal A
import torch


def hessian(f, point):
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x, create_graph=True)
    d = x.shape[0]
    H = torch.zeros(d, d, dtype=x.dtype, device=x.device)
    for i in range(d):
        (row,) = torch.autograd.grad(g[i], x, retain_graph=True)
        H[i, i] = row[i]
    return H
