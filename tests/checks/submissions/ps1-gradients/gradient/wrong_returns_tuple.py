# verdict: wrong
# style: returns what torch.autograd.grad returns
# mistake: returns the 1-tuple that torch.autograd.grad gives instead of the tensor inside it
# differs-on: any input (a tuple instead of a tensor)
import torch


def gradient(f, point):
    p = point.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        return torch.autograd.grad(f(p), p)
