# verdict: correct
# style: torch float64 scalar, derivative by autograd, .item() at the end
import torch


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n < 0")
    x = torch.tensor(float(x_start), dtype=torch.float64)
    for _ in range(n):
        xv = x.clone().requires_grad_(True)
        with torch.enable_grad():
            (d,) = torch.autograd.grad(0.5 * xv**2 + torch.exp(-xv), xv)
        x = (x - delta * d).detach()
    return float(x.item())
