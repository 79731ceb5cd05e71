# verdict: wrong
# style: plain gradient step
# mistake: takes a gradient-descent step with step size 1, ignoring the Hessian
# differs-on: any f whose Hessian is not the identity
import torch


def newton_step(f, x):
    p = x.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p)
    return (p - g).detach()
