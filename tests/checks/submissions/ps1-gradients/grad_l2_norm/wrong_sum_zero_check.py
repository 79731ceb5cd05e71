# verdict: wrong
# style: tests for the zero vector with v.sum() == 0
# mistake: tests for the zero vector with v.sum() == 0, which also catches nonzero vectors whose entries cancel
# differs-on: nonzero vectors whose entries sum to 0, e.g. [1, -1] (zeros instead of [0.707, -0.707])
import torch


def grad_l2_norm(v):
    if v.sum() == 0:  # zero vector
        return torch.zeros_like(v)
    return v / torch.linalg.vector_norm(v)
