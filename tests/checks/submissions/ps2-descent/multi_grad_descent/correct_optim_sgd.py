# verdict: correct
# style: torch.optim.SGD with lr=delta
import torch


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    params = torch.tensor([float(x_start), float(y_start)], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([params], lr=delta)
    for _ in range(n):
        opt.zero_grad()
        with torch.enable_grad():
            x, y = params[0], params[1]
            loss = 2 * x**2 + 4 * y**2 + torch.exp(-3 * x) + 3 * torch.exp(-2 * y)
            loss.backward()
        opt.step()
    return (params[0].item(), params[1].item())
