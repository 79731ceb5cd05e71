# verdict: wrong
# style: the many-points sum trick applied to the gradient
# mistake: differentiates sum_i df/dx_i, which gives the row sums of H, and puts them on a diagonal
# differs-on: any f with mixed partials
import torch


def hessian(f, point):
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x, create_graph=True)
    # differentiate all partials at once with the sum trick
    (second,) = torch.autograd.grad(g.sum(), x)
    return torch.diag(second)
