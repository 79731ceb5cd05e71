# verdict: wrong
# style: torch.tensor(start) then .double()
# mistake: creates the start as a float32 tensor before converting to float64, rounding the start point
# differs-on: starts not exact in float32, e.g. (0.1, 0.3) (differences ~1e-9; n = 0 returns 0.10000000149)
import torch


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = torch.tensor(float(x_start)).double()
    y = torch.tensor(float(y_start)).double()
    for _ in range(n):
        xv = x.clone().requires_grad_(True)
        yv = y.clone().requires_grad_(True)
        f = 2 * xv**2 + 4 * yv**2 + torch.exp(-3 * xv) + 3 * torch.exp(-2 * yv)
        gx, gy = torch.autograd.grad(f, (xv, yv))
        x, y = x - delta * gx, y - delta * gy
    return float(x), float(y)
