# verdict: correct
# style: Python if on the norm
import torch


def grad_l2_norm(v):
    n = torch.sqrt(torch.sum(v * v))
    if n == 0:
        return torch.zeros_like(v)
    return v / n
