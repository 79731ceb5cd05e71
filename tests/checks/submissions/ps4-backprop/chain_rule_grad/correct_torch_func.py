# verdict: correct
# style: torch.func.jacrev(F) and torch.func.grad(g)
from torch.func import grad, jacrev


def chain_rule_grad(F, g, x):
    p = x.detach()
    J = jacrev(F)(p)  # (m, n)
    dg = grad(g)(F(p))  # (m,)
    return J.T @ dg
