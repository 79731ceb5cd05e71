# verdict: wrong
# style: autograd loop, result attached
# mistake: never detaches: the result is attached to the autograd graph (requires_grad=True)
# differs-on: any input (result.requires_grad is True, even for steps = 0)
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0.detach().clone().requires_grad_(True)
    for _ in range(steps):
        (g,) = torch.autograd.grad(f(x), x)
        x = x - lr * g
    return x
