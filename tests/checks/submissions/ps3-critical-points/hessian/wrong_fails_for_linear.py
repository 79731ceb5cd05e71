# verdict: wrong
# style: two passes with no handling of a constant gradient
# mistake: does not handle a gradient that does not depend on x, so a linear f raises instead of giving zeros
# differs-on: a linear f such as b @ v (RuntimeError)
import torch


def hessian(f, point):
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x, create_graph=True)
    H = torch.stack([torch.autograd.grad(g[i], x, retain_graph=True)[0] for i in range(len(x))])
    return H.detach()
