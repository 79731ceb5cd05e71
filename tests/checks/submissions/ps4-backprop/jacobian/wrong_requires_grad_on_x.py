# verdict: wrong
# style: functional.jacobian after x.requires_grad_()
# mistake: switches on requires_grad of the caller's x
# differs-on: any input (x.requires_grad is True afterwards)
import torch


def jacobian(F, x):
    x.requires_grad_(True)
    return torch.autograd.functional.jacobian(F, x)
