# verdict: wrong
# style: autograd loop without enable_grad
# mistake: does not use torch.enable_grad(), so it fails when called inside torch.no_grad()
# differs-on: a call made inside torch.no_grad() with steps >= 1
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0.detach().clone()
    for _ in range(steps):
        xv = x.requires_grad_(True)
        g = torch.autograd.grad(f(xv), xv)[0]
        x = (xv - lr * g).detach()
    return x
