# verdict: wrong
# style: gradient of F(x).sum()
# mistake: uses the many-points sum trick, which gives the column sums of J (shape (n,)), not J
# differs-on: any input (shape (n,) instead of (m, n))
import torch


def jacobian(F, x):
    xv = x.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(F(xv).sum(), xv)
    return g
