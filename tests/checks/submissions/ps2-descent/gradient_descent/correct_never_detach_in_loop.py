# verdict: correct
# style: slow: keeps the whole graph during the loop, detaches only at the end
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    with torch.enable_grad():
        x = x0.detach().clone().requires_grad_(True)
        for _ in range(steps):
            g = torch.autograd.grad(f(x), x)[0]
            x = x - lr * g  # x stays part of the graph
    return x.detach().clone()
