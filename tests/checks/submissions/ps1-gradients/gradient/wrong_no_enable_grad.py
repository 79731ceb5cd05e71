# verdict: wrong
# style: autograd.grad on a clone, no enable_grad
# mistake: does not wrap the computation in torch.enable_grad(), so it fails when called inside torch.no_grad()
# differs-on: a call made inside torch.no_grad() (RuntimeError)
import torch


def gradient(f, point):
    x = point.detach().clone().requires_grad_(True)
    y = f(x)
    return torch.autograd.grad(y, x)[0]
