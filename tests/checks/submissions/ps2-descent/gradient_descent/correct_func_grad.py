# verdict: correct
# style: torch.func.grad in a loop
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    df = torch.func.grad(f)
    x = x0.detach().clone()
    for _ in range(steps):
        x = x - lr * df(x)
    return x
