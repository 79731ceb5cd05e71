# verdict: wrong
# style: grad g evaluated at x
# mistake: evaluates grad g at x instead of at F(x)
# differs-on: m != n (shape error); any F with F(x) != x where grad g varies
from torch.autograd.functional import jacobian


def chain_rule_grad(F, g, x):
    p = x.detach()
    J = jacobian(F, p)
    gx = jacobian(g, p)  # gradient of the outer function
    return J.T @ gx
