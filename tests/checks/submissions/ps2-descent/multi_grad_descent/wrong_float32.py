# verdict: wrong
# style: default-dtype tensors
# mistake: computes in float32, where 3e^106 overflows to inf and the iteration turns into nan
# differs-on: the start (14, -53) (nan); any start at float64 precision
import torch


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = torch.tensor(float(x_start), requires_grad=True)
    y = torch.tensor(float(y_start), requires_grad=True)
    for _ in range(n):
        f = 2 * x**2 + 4 * y**2 + torch.exp(-3 * x) + 3 * torch.exp(-2 * y)
        gx, gy = torch.autograd.grad(f, (x, y))
        x = (x - delta * gx).detach().requires_grad_(True)
        y = (y - delta * gy).detach().requires_grad_(True)
    return x.item(), y.item()
