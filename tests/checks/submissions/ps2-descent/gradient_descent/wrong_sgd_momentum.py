# verdict: wrong
# style: torch.optim.SGD with momentum
# mistake: uses SGD with momentum=0.9, which is not the plain update x <- x - lr * grad
# differs-on: steps >= 2
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0.detach().clone().requires_grad_(True)
    opt = torch.optim.SGD([x], lr=lr, momentum=0.9)
    for _ in range(steps):
        opt.zero_grad()
        f(x).backward()
        opt.step()
    return x.detach()
