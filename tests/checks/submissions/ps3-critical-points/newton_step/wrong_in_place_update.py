# verdict: wrong
# style: x -= step on the argument
# mistake: updates with x -= step, which changes the caller's tensor (and returns that same object)
# differs-on: any point where the gradient is nonzero (the input is modified)
import torch


def newton_step(f, x):
    xv = x.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(xv), xv)
    H = torch.autograd.functional.hessian(f, x)
    x -= torch.linalg.solve(H, g)
    return x
