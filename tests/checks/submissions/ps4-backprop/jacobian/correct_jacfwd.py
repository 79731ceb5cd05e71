# verdict: correct
# style: torch.func.jacfwd (forward mode, one column per input)
import torch


def jacobian(F, x):
    return torch.func.jacfwd(F)(x.detach())
