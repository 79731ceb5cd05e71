# verdict: correct
# style: torch.func.grad and torch.func.hessian
import torch
from torch.func import grad, hessian


def newton_step(f, x):
    p = x.detach()
    step = torch.linalg.solve(hessian(f)(p), grad(f)(p))
    return p - step
