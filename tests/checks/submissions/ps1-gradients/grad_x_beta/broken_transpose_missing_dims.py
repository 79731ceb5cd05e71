# verdict: broken
# style: torch.transpose without dimensions
# mistake: torch.transpose needs two dimension arguments: TypeError on every call
import torch


def grad_x_beta(beta, x):
    return torch.transpose(beta)
