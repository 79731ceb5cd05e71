# verdict: correct
# style: ones_like(x) times beta
import torch


def grad_beta_x(beta, x):
    return torch.ones_like(x) * beta.detach()
