# verdict: wrong
# style: .backward() without zeroing the gradients
# mistake: never zeroes x.grad and y.grad, so every step uses the sum of all gradients so far
# differs-on: n >= 2
import torch


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = torch.tensor(float(x_start), dtype=torch.float64, requires_grad=True)
    y = torch.tensor(float(y_start), dtype=torch.float64, requires_grad=True)
    for _ in range(n):
        f = 2 * x**2 + 4 * y**2 + torch.exp(-3 * x) + 3 * torch.exp(-2 * y)
        f.backward()
        with torch.no_grad():
            x -= delta * x.grad
            y -= delta * y.grad
    return x.item(), y.item()
