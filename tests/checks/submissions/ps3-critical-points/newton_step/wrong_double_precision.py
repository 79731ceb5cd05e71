# verdict: wrong
# style: solves in float64
# mistake: converts to float64 for a stable solve and returns float64
# differs-on: float32 points
import torch


def newton_step(f, x):
    p = x.detach().double()
    q = p.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(q), q)
    H = torch.autograd.functional.hessian(f, p)
    return p - torch.linalg.solve(H, g)
