# verdict: wrong
# style: Python if, torch.zeros(v.shape) at the origin
# mistake: at v = 0 returns torch.zeros(v.shape): float32 on the CPU regardless of v
# differs-on: a float64 zero vector (float32 result), a CUDA zero vector
import torch


def grad_l2_norm(v):
    norm = torch.linalg.vector_norm(v)
    if norm == 0:
        return torch.zeros(v.shape)
    return v / norm
