# verdict: wrong
# style: autograd.grad
# mistake: subtracts eps . grad f (a descent step) instead of adding it
# differs-on: any input with eps . grad f != 0
import torch


def linear_approximation(f, point, eps):
    x = point.detach().clone().requires_grad_(True)
    fx = f(x)
    (g,) = torch.autograd.grad(fx, x)
    return (fx - eps @ g).detach()
