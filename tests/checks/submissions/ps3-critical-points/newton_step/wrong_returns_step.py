# verdict: wrong
# style: returns H^-1 grad
# mistake: returns the step H^-1 grad instead of the new point x - H^-1 grad
# differs-on: any x != step
import torch


def newton_step(f, x):
    p = x.detach().clone()
    q = p.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(q), q)
    H = torch.autograd.functional.hessian(f, p)
    return torch.linalg.solve(H, g)
