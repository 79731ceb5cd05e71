# verdict: wrong
# style: autograd J, finite-difference grad g
# mistake: approximates grad g by forward differences (error of order h = 1e-4)
# differs-on: any non-linear g (error ~1e-4 in float64)
import torch


def chain_rule_grad(F, g, x):
    p = x.detach()
    J = torch.autograd.functional.jacobian(F, p)
    y = F(p)
    h = 1e-4
    dg = torch.stack(
        [(g(y + h * e) - g(y)) / h for e in torch.eye(y.shape[0], dtype=y.dtype, device=y.device)]
    )
    return J.T @ dg
