# verdict: correct
# style: torch.autograd.functional.hessian
import torch


def hessian(f, point):
    H = torch.autograd.functional.hessian(f, point.detach())
    return H.detach()
