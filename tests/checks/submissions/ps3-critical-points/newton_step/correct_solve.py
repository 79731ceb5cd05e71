# verdict: correct
# style: autograd gradient, functional.hessian, torch.linalg.solve
import torch


def newton_step(f, x):
    """One Newton step x - H(x)^{-1} grad f(x) for minimising ``f``."""
    x0 = x.detach().clone()
    with torch.enable_grad():
        xv = x0.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(xv), xv)
    H = torch.autograd.functional.hessian(f, x0)
    return x0 - torch.linalg.solve(H, g)
