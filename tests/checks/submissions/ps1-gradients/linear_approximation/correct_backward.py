# verdict: correct
# style: .backward() on a private leaf
import torch


def linear_approximation(f, point, eps):
    p = point.detach().clone()
    p.requires_grad_(True)
    with torch.enable_grad():
        fp = f(p)
        fp.backward()
    return fp.detach() + (eps * p.grad).sum()
