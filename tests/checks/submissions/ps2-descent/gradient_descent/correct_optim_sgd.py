# verdict: correct
# style: torch.optim.SGD on a cloned parameter
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("negative steps")
    param = x0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([param], lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        with torch.enable_grad():
            loss = f(param)
            loss.backward()
        optimizer.step()
    return param.detach().clone()
