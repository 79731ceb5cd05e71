# verdict: broken
# style: two passes without create_graph
# mistake: the first pass has no create_graph=True, so the second pass raises RuntimeError
import torch


def hessian(f, point):
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    rows = [torch.autograd.grad(g[i], x)[0] for i in range(x.numel())]
    return torch.stack(rows)
