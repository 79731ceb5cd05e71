# verdict: wrong
# style: forward differences of the autograd gradient
# mistake: approximates the second derivatives by forward differences of the gradient (error of order h)
# differs-on: any non-quadratic f (error ~1e-4 in float64, worse in float32)
import torch


def _grad(f, x):
    x = x.detach().clone().requires_grad_(True)
    return torch.autograd.grad(f(x), x)[0]


def hessian(f, point):
    h = 1e-4
    g0 = _grad(f, point)
    cols = []
    for j in range(point.numel()):
        e = torch.zeros_like(point)
        e[j] = h
        cols.append((_grad(f, point + e) - g0) / h)
    return torch.stack(cols, dim=1)
