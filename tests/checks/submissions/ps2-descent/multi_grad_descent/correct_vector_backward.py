# verdict: correct
# style: one 1-D float64 leaf, .backward() and p.grad.zero_()
import torch


def _f(p):
    x, y = p[0], p[1]
    return 2 * x**2 + 4 * y**2 + torch.exp(-3 * x) + 3 * torch.exp(-2 * y)


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be non-negative")
    p = torch.tensor([x_start, y_start], dtype=torch.float64, requires_grad=True)
    for _ in range(n):
        if p.grad is not None:
            p.grad.zero_()
        with torch.enable_grad():
            _f(p).backward()
        with torch.no_grad():
            p -= delta * p.grad
    return p[0].item(), p[1].item()
