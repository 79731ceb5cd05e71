# verdict: wrong
# style: v /= norm
# mistake: divides v in place, changing the caller's tensor (and returning it)
# differs-on: any nonzero v whose norm is not 1 (the input is modified)
import torch


def grad_l2_norm(v):
    norm = torch.linalg.vector_norm(v)
    if norm > 0:
        v /= norm
    return v
