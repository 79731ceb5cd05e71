# verdict: wrong
# style: divides the gradient by the diagonal of H
# mistake: inverts only the diagonal of the Hessian (x - g / diag(H))
# differs-on: any f whose Hessian is not diagonal, e.g. 1/2 v^T A v - b^T v with A = [[3, 1], [1, 2]]
import torch


def newton_step(f, x):
    p = x.detach().clone()
    q = p.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(q), q)
    H = torch.autograd.functional.hessian(f, p)
    return p - g / torch.diagonal(H)
