# verdict: wrong
# style: outer product of the gradient
# mistake: returns grad grad^T (a Gauss-Newton style product) instead of the second derivatives
# differs-on: any f other than the rare ones where the two agree
import torch


def hessian(f, point):
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return torch.outer(g, g)
