# verdict: correct
# style: torch.autograd.grad on a detached clone, under enable_grad
import torch


def gradient(f, point):
    """Gradient of ``f`` at ``point``, computed with autograd."""
    with torch.enable_grad():
        p = point.detach().clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(f(p), p)
    return grad.detach()
