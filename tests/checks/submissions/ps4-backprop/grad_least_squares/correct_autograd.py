# verdict: correct
# style: autograd on a detached copy of x
import torch


def grad_least_squares(A, x, b):
    with torch.enable_grad():
        xl = x.detach().clone().requires_grad_(True)
        loss = torch.sum((A.detach() @ xl - b.detach()) ** 2)
        (g,) = torch.autograd.grad(loss, xl)
    return g
