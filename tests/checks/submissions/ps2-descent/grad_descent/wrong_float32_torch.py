# verdict: wrong
# style: torch default-dtype scalar with autograd
# mistake: iterates in float32 (torch.tensor default dtype), so the result carries float32 rounding
# differs-on: comparisons tighter than ~1e-7, e.g. grad_descent(-1, 100) or a single step from 0.3
import torch


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = torch.tensor(float(x_start))
    for _ in range(n):
        x.requires_grad_(True)
        f = 0.5 * x**2 + torch.exp(-x)
        (g,) = torch.autograd.grad(f, x)
        x = (x - delta * g).detach()
    return x.item()
