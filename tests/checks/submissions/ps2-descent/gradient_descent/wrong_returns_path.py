# verdict: wrong
# style: collects every iterate
# mistake: returns the stacked path of all iterates (shape (steps + 1, n)) instead of the final point
# differs-on: any input (shape)
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    path = [x0.detach().clone()]
    for _ in range(steps):
        xv = path[-1].clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(xv), xv)
        path.append((xv - lr * g).detach())
    return torch.stack(path)
