# verdict: wrong
# style: entries written out for d = 2
# mistake: computes only the first two rows (written for 2-D points)
# differs-on: points of length 3 or more (a 2 x d result), and 1-D points (IndexError)
import torch


def hessian(f, point):
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x, create_graph=True)
    (r0,) = torch.autograd.grad(g[0], x, retain_graph=True)
    (r1,) = torch.autograd.grad(g[1], x)
    return torch.stack([r0, r1]).detach()
