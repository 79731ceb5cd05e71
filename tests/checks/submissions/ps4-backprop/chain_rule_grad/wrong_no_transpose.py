# verdict: wrong
# style: J @ grad g
# mistake: multiplies by J instead of J^T
# differs-on: m != n (shape error); square F whose Jacobian is not symmetric
from torch.autograd.functional import jacobian


def chain_rule_grad(F, g, x):
    p = x.detach()
    J = jacobian(F, p)
    gy = jacobian(g, F(p))
    return J @ gy
