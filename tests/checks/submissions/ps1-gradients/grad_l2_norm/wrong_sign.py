# verdict: wrong
# style: torch.sign (1-D intuition)
# mistake: uses the one-dimensional derivative sign(v) of |v| componentwise
# differs-on: any v with two or more nonzero entries
import torch


def grad_l2_norm(v):
    # like d|v|/dv = sign(v) in one dimension
    return torch.sign(v)
