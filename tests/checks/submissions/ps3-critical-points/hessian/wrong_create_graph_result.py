# verdict: wrong
# style: two passes, both with create_graph=True, no detach
# mistake: keeps create_graph=True in the second pass and never detaches, so the Hessian is attached to a graph
# differs-on: any f with non-zero third derivatives, e.g. sin(x*y) (result.requires_grad is True)
import torch


def hessian(f, point):
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x, create_graph=True)
    rows = [torch.autograd.grad(g[i], x, create_graph=True)[0] for i in range(x.numel())]
    return torch.stack(rows)
