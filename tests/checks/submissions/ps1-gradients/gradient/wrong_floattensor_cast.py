# verdict: wrong
# style: autograd.grad then .type(torch.FloatTensor)
# mistake: casts the result with .type(torch.FloatTensor), which means float32 on the CPU
# differs-on: float64 points and CUDA points
import torch


def gradient(f, point):
    with torch.enable_grad():
        p = point.detach().clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(f(p), p)
    return grad.type(torch.FloatTensor)
