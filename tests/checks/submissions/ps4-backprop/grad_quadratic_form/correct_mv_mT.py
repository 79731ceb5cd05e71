# verdict: correct
# style: torch.mv with A.mT
import torch


def grad_quadratic_form(A, x):
    return torch.mv(A + A.mT, x)
