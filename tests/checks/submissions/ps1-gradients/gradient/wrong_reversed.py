# verdict: wrong
# style: torch.autograd.grad, then flipped
# mistake: returns the components in reverse order (flip)
# differs-on: any point of two or more coordinates with unequal partials
# written-by: the checks' authors (not the independent corpus)
import torch


def gradient(f, point):
    p = point.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        (g,) = torch.autograd.grad(f(p), p)
    return g.flip(0)
