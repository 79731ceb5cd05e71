# verdict: correct
# style: torch.func.grad with argnums=(0, 1)
import torch
from torch.func import grad


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")

    def f(x, y):
        return 2 * x**2 + 4 * y**2 + torch.exp(-3 * x) + 3 * torch.exp(-2 * y)

    df = grad(f, argnums=(0, 1))
    x = torch.tensor(x_start, dtype=torch.float64)
    y = torch.tensor(y_start, dtype=torch.float64)
    for _ in range(n):
        gx, gy = df(x, y)
        x, y = x - delta * gx, y - delta * gy
    return x.item(), y.item()
