# verdict: correct
# style: grad g @ J (a row vector times the Jacobian)
from torch.autograd.functional import jacobian


def chain_rule_grad(F, g, x):
    p = x.detach()
    J = jacobian(F, p)
    gy = jacobian(g, F(p))
    return gy @ J
