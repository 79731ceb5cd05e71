# verdict: correct
# style: torch.clone(beta.detach())
import torch


def grad_x_beta(beta, x):
    grad = torch.clone(beta.detach())
    return grad
