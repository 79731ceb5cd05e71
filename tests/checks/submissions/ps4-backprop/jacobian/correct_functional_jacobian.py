# verdict: correct
# style: torch.autograd.functional.jacobian
import torch


def jacobian(F, x):
    return torch.autograd.functional.jacobian(F, x.detach())
