# verdict: wrong
# style: v / sum |v_i|
# mistake: divides by the L1 norm instead of the Euclidean norm
# differs-on: any v with two or more nonzero entries
import torch


def grad_l2_norm(v):
    s = v.abs().sum()
    if s == 0:
        return torch.zeros_like(v)
    return v / s
