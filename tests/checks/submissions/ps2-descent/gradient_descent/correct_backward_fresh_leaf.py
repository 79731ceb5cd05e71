# verdict: correct
# style: .backward() on a new leaf every iteration
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError(f"steps must be non-negative, got {steps}")
    current = x0.detach().clone()
    for _ in range(steps):
        leaf = current.clone().requires_grad_(True)
        with torch.enable_grad():
            f(leaf).backward()
        current = current - lr * leaf.grad
    return current
