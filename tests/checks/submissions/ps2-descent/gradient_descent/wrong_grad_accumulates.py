# verdict: wrong
# style: .backward() on one leaf without zeroing
# mistake: never zeroes x.grad, so each step uses the sum of all gradients so far
# differs-on: steps >= 2
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0.detach().clone().requires_grad_(True)
    for _ in range(steps):
        f(x).backward()
        with torch.no_grad():
            x -= lr * x.grad
    return x.detach()
