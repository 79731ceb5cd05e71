# verdict: wrong
# style: gradient of F(x).sum(), one row per output
# mistake: fills every row with the gradient of the sum of the outputs instead of that output's own gradient
# differs-on: any F with two or more outputs that depend on x
# written-by: the checks' authors (not the independent corpus)
import torch


def jacobian(F, x):
    xv = x.detach().clone().requires_grad_(True)
    y = F(xv)
    (g,) = torch.autograd.grad(y.sum(), xv)
    return torch.stack([g for _ in range(y.shape[0])])
