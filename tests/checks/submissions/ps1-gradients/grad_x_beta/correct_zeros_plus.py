# verdict: correct
# style: zeros_like(x) + beta
import torch


def grad_x_beta(beta, x):
    return torch.zeros_like(x) + beta.detach()
