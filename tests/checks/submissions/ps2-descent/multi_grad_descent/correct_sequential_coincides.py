# verdict: correct
# style: updates x first, then y with a gradient taken at the new x (coincides here: df/dy does not depend on x)
import torch


def _f(x, y):
    return 2 * x**2 + 4 * y**2 + torch.exp(-3 * x) + 3 * torch.exp(-2 * y)


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = torch.tensor(float(x_start), dtype=torch.float64)
    y = torch.tensor(float(y_start), dtype=torch.float64)
    for _ in range(n):
        with torch.enable_grad():
            xv = x.requires_grad_(True)
            (gx,) = torch.autograd.grad(_f(xv, y), xv)
        x = (x - delta * gx).detach()
        with torch.enable_grad():
            yv = y.requires_grad_(True)
            (gy,) = torch.autograd.grad(_f(x, yv), yv)
        y = (y - delta * gy).detach()
    return float(x), float(y)
