# verdict: wrong
# style: autograd.functional.hessian after point.requires_grad_()
# mistake: switches on requires_grad of the caller's point
# differs-on: any input (point.requires_grad is True afterwards)
import torch


def hessian(f, point):
    point.requires_grad_(True)
    return torch.autograd.functional.hessian(f, point)
