# verdict: broken
# style: Python if on an elementwise comparison
# mistake: if v == 0 on a tensor with several elements: RuntimeError (ambiguous truth value)
import torch


def grad_l2_norm(v):
    if v == 0:
        return torch.zeros_like(v)
    return v / torch.linalg.vector_norm(v)
