# verdict: correct
# style: torch.autograd.grad on a fresh leaf each step, detach, enable_grad
import torch


def gradient_descent(f, x0, lr, steps):
    """Run `steps` iterations of x <- x - lr * grad f(x) from x0, gradients by autograd."""
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0.detach().clone()
    for _ in range(steps):
        with torch.enable_grad():
            xv = x.clone().requires_grad_(True)
            (grad,) = torch.autograd.grad(f(xv), xv)
        x = (x - lr * grad).detach()
    return x
