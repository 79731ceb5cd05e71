# verdict: wrong
# style: H @ grad
# mistake: multiplies the gradient by H instead of solving H s = grad (H instead of H^-1)
# differs-on: any f whose Hessian is not the identity
import torch


def newton_step(f, x):
    p = x.detach().clone()
    q = p.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(q), q)
    H = torch.autograd.functional.hessian(f, p)
    return p - H @ g
