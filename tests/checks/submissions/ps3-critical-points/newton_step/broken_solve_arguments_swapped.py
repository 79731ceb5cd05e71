# verdict: broken
# style: torch.linalg.solve(grad, H)
# mistake: passes the gradient as the matrix: torch.linalg.solve raises for a 1-D first argument
import torch


def newton_step(f, x):
    p = x.detach().clone()
    q = p.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(q), q)
    H = torch.autograd.functional.hessian(f, p)
    return p - torch.linalg.solve(g, H)
