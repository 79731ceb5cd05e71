# verdict: wrong
# style: solve, result attached
# mistake: subtracts from the leaf that requires grad and does not detach, so the result requires grad
# differs-on: any input (result.requires_grad is True)
import torch


def newton_step(f, x):
    xv = x.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(xv), xv)
    H = torch.autograd.functional.hessian(f, xv.detach())
    return xv - torch.linalg.solve(H, g)
