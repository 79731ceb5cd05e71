# verdict: wrong
# style: computes in float64
# mistake: converts to float64 for accuracy and returns float64
# differs-on: float32 inputs
import torch


def grad_l2_norm(v):
    v64 = v.to(torch.float64)
    n = torch.linalg.vector_norm(v64)
    return torch.where(n > 0, v64 / torch.where(n > 0, n, 1.0), 0.0)
