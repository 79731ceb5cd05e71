# verdict: broken
# style: for loop over the int itself
# mistake: for _ in steps: an int is not iterable, TypeError on every call
import torch


def gradient_descent(f, x0, lr, steps):
    x = x0.detach().clone()
    for _ in steps:
        xv = x.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(xv), xv)
        x = (x - lr * g).detach()
    return x
