# verdict: correct
# style: torch.func.grad
import torch


def gradient(f, point):
    # functorch-style: grad(f) is a new function that returns the gradient
    return torch.func.grad(f)(point.detach())
