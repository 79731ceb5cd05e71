# verdict: wrong
# style: rebuilds the point from a Python list each step
# mistake: rebuilds the point with torch.tensor(list): float32 on the CPU whatever x0 was
# differs-on: float64 x0 (float32 result) and CUDA x0
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = torch.tensor(x0.tolist())
    for _ in range(steps):
        xv = x.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(xv), xv)
        x = torch.tensor((xv - lr * g).tolist())
    return x
