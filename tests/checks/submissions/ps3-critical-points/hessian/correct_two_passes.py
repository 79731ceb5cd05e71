# verdict: correct
# style: two passes of torch.autograd.grad, rows with materialize_grads
import torch


def hessian(f, point):
    """Hessian matrix of ``f`` at ``point``, computed with autograd."""
    d = point.shape[0]
    with torch.enable_grad():
        x = point.detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(x), x, create_graph=True)
        if not g.requires_grad:  # the gradient does not depend on x: f is linear
            return torch.zeros(d, d, dtype=point.dtype, device=point.device)
        rows = [
            torch.autograd.grad(g[i], x, retain_graph=True, materialize_grads=True)[0]
            for i in range(d)
        ]
    return (
        torch.stack(rows).detach()
        if rows
        else torch.zeros(0, 0, dtype=point.dtype, device=point.device)
    )
