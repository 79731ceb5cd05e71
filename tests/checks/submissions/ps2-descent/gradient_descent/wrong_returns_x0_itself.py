# verdict: wrong
# style: autograd loop, returns x0 when steps = 0
# mistake: with steps = 0 returns the caller's x0 object itself instead of a copy
# differs-on: steps = 0 (identity check, or a caller who then changes the result in place)
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0
    for _ in range(steps):
        xv = x.detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(xv), xv)
        x = (xv - lr * g).detach()
    return x
