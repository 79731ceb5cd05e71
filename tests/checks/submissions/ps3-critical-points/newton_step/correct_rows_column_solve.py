# verdict: correct
# style: Hessian rows by two autograd passes, solve with a column right-hand side
import torch


def newton_step(f, x):
    n = x.numel()
    with torch.enable_grad():
        v = x.detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(v), v, create_graph=True)
        H = torch.stack(
            [
                torch.autograd.grad(g[i], v, retain_graph=True, materialize_grads=True)[0]
                for i in range(n)
            ]
        )
    s = torch.linalg.solve(H.detach(), g.detach().unsqueeze(-1)).squeeze(-1)
    return (v - s).detach()
