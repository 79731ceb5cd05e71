# verdict: correct
# style: one vjp: autograd.grad(F(x), x, grad_outputs=grad g)
import torch


def chain_rule_grad(F, g, x):
    with torch.enable_grad():
        xv = x.detach().clone().requires_grad_(True)
        y = F(xv)
        u = y.detach().clone().requires_grad_(True)
        (dg,) = torch.autograd.grad(g(u), u)
        (out,) = torch.autograd.grad(y, xv, grad_outputs=dg)
    return out
