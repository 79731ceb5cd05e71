# verdict: correct
# style: one f call, Hessian rows from a create_graph gradient, batched q with einsum
import torch


def quadratic_approximation(f, point):
    d = point.numel()
    with torch.enable_grad():
        x = point.detach().clone().requires_grad_(True)
        value = f(x)
        (grad,) = torch.autograd.grad(value, x, create_graph=True)
        rows = []
        for i in range(d):
            if grad.requires_grad:
                (r,) = torch.autograd.grad(grad[i], x, retain_graph=True, materialize_grads=True)
            else:
                r = torch.zeros_like(x)
            rows.append(r)
    x0 = x.detach()
    f0, g0 = value.detach(), grad.detach()
    H = torch.stack(rows).detach()

    def q(x):
        # x may be a single point (d,) or a batch (..., d)
        delta = x - x0
        lin = (delta * g0).sum(-1)
        quad = torch.einsum("...i,ij,...j->...", delta, H, delta)
        return f0 + lin + 0.5 * quad

    return q
