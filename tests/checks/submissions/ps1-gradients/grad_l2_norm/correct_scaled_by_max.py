# verdict: correct
# style: divides by max |v_i| first (overflow-safe), Python if for zero
import torch


def grad_l2_norm(v):
    if v.numel() == 0:
        return v.clone()
    biggest = v.abs().max()
    if biggest == 0:
        return torch.zeros_like(v)
    w = v / biggest  # entries in [-1, 1]: squaring cannot overflow
    return w / torch.linalg.vector_norm(w)
