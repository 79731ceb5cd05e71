# verdict: wrong
# style: solve, step added
# mistake: adds the Newton step instead of subtracting it
# differs-on: any point where the gradient is nonzero
import torch


def newton_step(f, x):
    p = x.detach().clone()
    q = p.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(q), q)
    H = torch.autograd.functional.hessian(f, p)
    return p + torch.linalg.solve(H, g)
