# verdict: wrong
# style: autograd.grad, returns .numpy()
# mistake: returns a numpy array instead of a tensor
# differs-on: any input (type of the result)
import torch


def gradient(f, point):
    p = point.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(f(p), p)
    return grad.numpy()
