# verdict: wrong
# style: computes in float64
# mistake: evaluates in float64 and returns float64
# differs-on: float32 inputs
import torch


def chain_rule_grad(F, g, x):
    xv = x.detach().double().requires_grad_(True)
    (out,) = torch.autograd.grad(g(F(xv)), xv)
    return out
