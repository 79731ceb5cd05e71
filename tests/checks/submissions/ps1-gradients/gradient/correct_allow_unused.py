# verdict: correct
# style: autograd.grad with allow_unused and materialize_grads
import torch


def gradient(f, point):
    """Gradient of f at point (autograd).  Does not touch point."""
    x = point.detach().clone()
    with torch.enable_grad():
        x.requires_grad_(True)
        y = f(x)
        (g,) = torch.autograd.grad(y, [x], allow_unused=True, materialize_grads=True)
    return g.detach().to(dtype=point.dtype, device=point.device)
