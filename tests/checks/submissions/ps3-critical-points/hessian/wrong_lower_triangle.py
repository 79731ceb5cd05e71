# verdict: wrong
# style: double autograd loop over j <= i
# mistake: fills in only the lower triangle (j <= i) and leaves the rest zero
# differs-on: any f with mixed partials
# written-by: the checks' authors (not the independent corpus)
import torch


def hessian(f, point):
    x = point.detach().clone().requires_grad_(True)
    n = x.numel()
    H = torch.zeros(n, n, dtype=x.dtype, device=x.device)
    with torch.enable_grad():
        (g,) = torch.autograd.grad(f(x), x, create_graph=True)
        for i in range(n):
            (row,) = torch.autograd.grad(
                g[i], x, retain_graph=True, allow_unused=True, materialize_grads=True
            )
            H[i, : i + 1] = row[: i + 1].detach()
    return H
