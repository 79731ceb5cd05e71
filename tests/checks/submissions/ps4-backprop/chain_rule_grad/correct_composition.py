# verdict: correct
# style: autograd straight through g(F(x))
import torch


def chain_rule_grad(F, g, x):
    with torch.enable_grad():
        xv = x.detach().clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(g(F(xv)), xv)
    return grad
