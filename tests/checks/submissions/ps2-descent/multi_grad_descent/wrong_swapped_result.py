# verdict: wrong
# style: 1-D leaf, returns (y, x)
# mistake: unpacks the final point as (y, x), so the coordinates come back swapped
# differs-on: any input with x != y
import torch


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    p = torch.tensor([float(x_start), float(y_start)], dtype=torch.float64)
    for _ in range(n):
        q = p.clone().requires_grad_(True)
        f = 2 * q[0] ** 2 + 4 * q[1] ** 2 + torch.exp(-3 * q[0]) + 3 * torch.exp(-2 * q[1])
        (g,) = torch.autograd.grad(f, q)
        p = p - delta * g
    y, x = p.tolist()
    return x, y
