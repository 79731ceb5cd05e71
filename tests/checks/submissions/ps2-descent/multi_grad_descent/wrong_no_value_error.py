# verdict: wrong
# style: 0-d leaves, no check of n
# mistake: does not raise ValueError for a negative n
# differs-on: negative n
import torch


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    x = torch.tensor(float(x_start), dtype=torch.float64)
    y = torch.tensor(float(y_start), dtype=torch.float64)
    for _ in range(n):
        xv = x.clone().requires_grad_(True)
        yv = y.clone().requires_grad_(True)
        f = 2 * xv**2 + 4 * yv**2 + torch.exp(-3 * xv) + 3 * torch.exp(-2 * yv)
        gx, gy = torch.autograd.grad(f, (xv, yv))
        x, y = x - delta * gx, y - delta * gy
    return float(x), float(y)
