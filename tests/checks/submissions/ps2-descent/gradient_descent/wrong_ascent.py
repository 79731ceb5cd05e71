# verdict: wrong
# style: autograd loop with +
# mistake: moves along +grad (ascent)
# differs-on: any steps >= 1 where the gradient is nonzero
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0.detach().clone()
    for _ in range(steps):
        xv = x.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(xv), xv)
        x = (x + lr * g).detach()
    return x
