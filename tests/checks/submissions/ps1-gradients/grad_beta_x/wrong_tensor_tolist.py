# verdict: wrong
# style: torch.tensor(beta.tolist())
# mistake: rebuilds beta from a Python list: default float32 on the CPU
# differs-on: float64 inputs (and CUDA inputs)
import torch


def grad_beta_x(beta, x):
    return torch.tensor(beta.tolist())
