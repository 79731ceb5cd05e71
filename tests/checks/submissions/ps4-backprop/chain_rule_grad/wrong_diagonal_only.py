# verdict: wrong
# style: elementwise product with the diagonal of J
# mistake: multiplies grad g by the diagonal of J, which is only right for elementwise F
# differs-on: any F that mixes coordinates, e.g. F(x) = [x0 x1, sin x0] or m != n
import torch


def chain_rule_grad(F, g, x):
    p = x.detach()
    J = torch.autograd.functional.jacobian(F, p)
    dg = torch.func.grad(g)(F(p))
    # chain rule, one coordinate at a time
    return torch.diagonal(J) * dg
