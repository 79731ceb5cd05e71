# verdict: wrong
# style: torch.autograd.grad after point.requires_grad_()
# mistake: switches on requires_grad of the caller's tensor instead of working on a copy
# differs-on: any input (point.requires_grad is True afterwards)
import torch


def gradient(f, point):
    point.requires_grad_(True)
    (g,) = torch.autograd.grad(f(point), point)
    return g
