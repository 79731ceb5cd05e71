# verdict: wrong
# style: autograd loop, step along the unit gradient
# mistake: normalises the gradient (step of fixed length lr) instead of x <- x - lr * grad
# differs-on: any step where ||grad f|| != 1
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0.detach().clone()
    for _ in range(steps):
        xv = x.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(xv), xv)
        x = (x - lr * g / g.norm()).detach()
    return x
