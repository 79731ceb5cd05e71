# verdict: correct
# style: three terms computed separately with torch.matmul
import torch
from torch.autograd.functional import hessian, vjp


def quadratic_approximation(f, point):
    base = point.detach().clone()
    f_at, grad_at = vjp(f, base)
    hess_at = hessian(f, base)

    def q(x):
        diff = x - base
        first = torch.matmul(grad_at, diff)
        second = torch.matmul(diff, torch.matmul(hess_at, diff)) / 2
        return f_at + first + second

    return q
