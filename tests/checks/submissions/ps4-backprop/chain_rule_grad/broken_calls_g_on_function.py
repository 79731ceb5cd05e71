# verdict: broken
# style: g(F) instead of g(F(x))
# mistake: passes the function F to g: TypeError on every call
import torch


def chain_rule_grad(F, g, x):
    xv = x.detach().clone().requires_grad_(True)
    (out,) = torch.autograd.grad(g(F)(xv), xv)
    return out
