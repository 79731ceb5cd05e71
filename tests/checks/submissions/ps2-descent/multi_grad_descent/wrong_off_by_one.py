# verdict: wrong
# style: for loop over range(1, n)
# mistake: loops over range(1, n), taking n - 1 steps
# differs-on: any n >= 1 (n = 1 returns the start)
import torch


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = torch.tensor(float(x_start), dtype=torch.float64)
    y = torch.tensor(float(y_start), dtype=torch.float64)
    for _ in range(1, n):
        xv, yv = x.requires_grad_(), y.requires_grad_()
        f = 2 * xv**2 + 4 * yv**2 + torch.exp(-3 * xv) + 3 * torch.exp(-2 * yv)
        gx, gy = torch.autograd.grad(f, (xv, yv))
        x, y = (x - delta * gx).detach(), (y - delta * gy).detach()
    return float(x), float(y)
