# verdict: hung
# style: while True until the iterates stop moving
# mistake: ignores steps and loops until convergence, which never happens when the iterates diverge (e.g. 2x^2 + xy) and nan compares unequal forever
import torch


def gradient_descent(f, x0, lr, steps):
    if steps < 0:
        raise ValueError("steps must be >= 0")
    x = x0.detach().clone()
    while True:
        xv = x.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(xv), xv)
        x_new = (x - lr * g).detach()
        if torch.allclose(x_new, x):
            return x_new
        x = x_new
