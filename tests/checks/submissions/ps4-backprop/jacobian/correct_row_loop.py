# verdict: correct
# style: one torch.autograd.grad per output row, retain_graph
import torch


def jacobian(F, x):
    """The m x n Jacobian of F at x; row i is the gradient of F_i."""
    with torch.enable_grad():
        xv = x.detach().clone().requires_grad_(True)
        y = F(xv)
        rows = []
        for i in range(y.shape[0]):
            if y[i].requires_grad:
                (r,) = torch.autograd.grad(y[i], xv, retain_graph=True, materialize_grads=True)
            else:  # this output does not depend on x
                r = torch.zeros_like(xv)
            rows.append(r)
    if not rows:
        return torch.zeros(0, x.shape[0], dtype=x.dtype, device=x.device)
    return torch.stack(rows).detach()
