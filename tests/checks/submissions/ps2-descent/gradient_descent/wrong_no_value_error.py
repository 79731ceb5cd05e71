# verdict: wrong
# style: autograd loop, no check of steps
# mistake: does not raise ValueError for negative steps
# differs-on: negative steps
import torch


def gradient_descent(f, x0, lr, steps):
    x = x0.detach().clone()
    for _ in range(steps):
        xv = x.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(xv), xv)
        x = (x - lr * g).detach()
    return x
