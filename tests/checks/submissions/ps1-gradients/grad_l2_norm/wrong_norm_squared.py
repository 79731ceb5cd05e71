# verdict: wrong
# style: v / ||v||^2
# mistake: divides by ||v||^2 instead of ||v|| (chain rule slip)
# differs-on: any v with ||v|| != 1 and v != 0
import torch


def grad_l2_norm(v):
    n2 = (v**2).sum()
    return torch.where(n2 > 0, v / n2, torch.zeros_like(v))
