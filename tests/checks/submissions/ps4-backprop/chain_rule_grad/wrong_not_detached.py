# verdict: wrong
# style: autograd through g(F(x)) with create_graph=True
# mistake: keeps create_graph=True and does not detach, so the result is attached to a graph
# differs-on: any non-linear g or F (result.requires_grad is True)
import torch


def chain_rule_grad(F, g, x):
    xv = x.detach().clone().requires_grad_(True)
    (out,) = torch.autograd.grad(g(F(xv)), xv, create_graph=True)
    return out
