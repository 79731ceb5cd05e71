# verdict: correct
# style: J_F by row loop, grad g at F(x), J^T @ grad g
import torch


def chain_rule_grad(F, g, x):
    """Gradient of g(F(x)) as J_F(x)^T grad g(F(x))."""
    with torch.enable_grad():
        xv = x.detach().clone().requires_grad_(True)
        y = F(xv)
        rows = []
        for i in range(y.shape[0]):
            if y[i].requires_grad:
                rows.append(
                    torch.autograd.grad(y[i], xv, retain_graph=True, materialize_grads=True)[0]
                )
            else:
                rows.append(torch.zeros_like(xv))
        J = torch.stack(rows)
        yv = y.detach().clone().requires_grad_(True)
        (gy,) = torch.autograd.grad(g(yv), yv)
    return (J.T @ gy).detach()
