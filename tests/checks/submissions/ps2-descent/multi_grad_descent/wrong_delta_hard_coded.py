# verdict: wrong
# style: 0-d leaves with 0.1 written in
# mistake: uses the step size 0.1 instead of delta
# differs-on: any delta != 0.1
import torch


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = torch.tensor(float(x_start), dtype=torch.float64)
    y = torch.tensor(float(y_start), dtype=torch.float64)
    for _ in range(n):
        xv = x.clone().requires_grad_(True)
        yv = y.clone().requires_grad_(True)
        f = 2 * xv**2 + 4 * yv**2 + torch.exp(-3 * xv) + 3 * torch.exp(-2 * yv)
        gx, gy = torch.autograd.grad(f, (xv, yv))
        x, y = x - 0.1 * gx, y - 0.1 * gy
    return float(x), float(y)
