# verdict: broken
# style: torch.autograd.grad on the raw point
# mistake: differentiates with respect to the raw point: RuntimeError whenever it does not require grad (the normal case)
import torch


def gradient(f, point):
    (g,) = torch.autograd.grad(f(point), point)
    return g
