# verdict: correct
# style: row loop with allow_unused, symmetrised (H + H^T) / 2
import torch


def hessian(f, point):
    x = point.detach().clone()
    n = x.numel()
    H = torch.zeros(n, n, dtype=x.dtype, device=x.device)
    with torch.enable_grad():
        x.requires_grad_(True)
        grad = torch.autograd.grad(f(x), x, create_graph=True)[0]
        for i in range(n):
            if not grad[i].requires_grad:
                continue  # this partial is constant: row of zeros
            (row,) = torch.autograd.grad(grad[i], x, retain_graph=True, allow_unused=True)
            if row is not None:
                H[i] = row.detach()
    return (H + H.T) / 2
