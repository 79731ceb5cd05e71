# verdict: correct
# style: empty_like(x).copy_(beta)
import torch


def grad_beta_x(beta, x):
    out = torch.empty_like(x)
    out.copy_(beta.detach())
    return out
