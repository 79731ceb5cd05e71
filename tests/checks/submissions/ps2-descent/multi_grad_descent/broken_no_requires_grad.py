# verdict: broken
# style: autograd.grad on tensors that do not require grad
# mistake: x and y never require grad: RuntimeError for any n >= 1
import torch


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    x = torch.tensor(float(x_start), dtype=torch.float64)
    y = torch.tensor(float(y_start), dtype=torch.float64)
    for _ in range(n):
        f = 2 * x**2 + 4 * y**2 + torch.exp(-3 * x) + 3 * torch.exp(-2 * y)
        gx, gy = torch.autograd.grad(f, (x, y))
        x, y = x - delta * gx, y - delta * gy
    return float(x), float(y)
