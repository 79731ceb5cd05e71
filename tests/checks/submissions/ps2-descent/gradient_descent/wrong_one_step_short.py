# verdict: wrong
# style: autograd loop over range(steps - 1)
# mistake: takes steps - 1 iterations instead of steps
# differs-on: any steps >= 2
# written-by: the checks' authors (not the independent corpus)
import torch


def gradient_descent(f, x0, lr, steps):
    x = x0.detach().clone()
    for _ in range(steps - 1):
        v = x.clone().requires_grad_(True)
        with torch.enable_grad():
            (g,) = torch.autograd.grad(f(v), v)
        x = (x - lr * g).detach()
    return x
