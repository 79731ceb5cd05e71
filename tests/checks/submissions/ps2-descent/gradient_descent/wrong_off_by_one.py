# verdict: wrong
# style: autograd loop over range(steps + 1)
# mistake: takes steps + 1 iterations
# differs-on: any steps (steps = 0 already takes a step)
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0.detach().clone()
    for _ in range(steps + 1):
        xv = x.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(xv), xv)
        x = (x - lr * g).detach()
    return x
