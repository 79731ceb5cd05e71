# verdict: broken
# style: torch.autograd.grad on the raw inputs
# mistake: calls torch.autograd.grad on the raw inputs: RuntimeError whenever they do not require grad (the normal case)
import torch


def partials(x, y, z):
    f = 2 * x**2 - 3 * x * y + z**3
    return torch.autograd.grad(f.sum(), (x, y, z))
