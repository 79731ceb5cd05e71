# verdict: wrong
# style: x = x0.detach() without clone
# mistake: x0.detach() shares memory with x0, so with steps = 0 the result is a view of the caller's tensor
# differs-on: steps = 0 followed by an in-place change of the result (x0 changes too)
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0.detach()
    for _ in range(steps):
        xv = x.clone().requires_grad_(True)
        with torch.enable_grad():
            (g,) = torch.autograd.grad(f(xv), xv)
        x = x - lr * g
    return x
