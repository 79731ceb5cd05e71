# verdict: wrong
# style: autograd on the caller's x
# mistake: switches on requires_grad of the caller's x
# differs-on: any input (x.requires_grad is True afterwards)
import torch


def chain_rule_grad(F, g, x):
    x.requires_grad_(True)
    (out,) = torch.autograd.grad(g(F(x)), x)
    return out
