# verdict: wrong
# style: updates x0.data in place
# mistake: updates x0.data in place, so the caller's starting point ends up at the final point
# differs-on: any steps >= 1 (x0 is modified)
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0
    for _ in range(steps):
        xv = x.detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(xv), xv)
        x.data -= lr * g
    return x.clone()
