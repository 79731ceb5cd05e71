# verdict: wrong
# style: returns grad g(F(x))
# mistake: returns grad g at F(x) without the Jacobian of F
# differs-on: any F other than the identity
import torch


def chain_rule_grad(F, g, x):
    y = F(x.detach()).clone().requires_grad_(True)
    (gy,) = torch.autograd.grad(g(y), y)
    return gy
