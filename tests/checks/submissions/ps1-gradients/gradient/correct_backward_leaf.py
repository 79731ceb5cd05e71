# verdict: correct
# style: .backward() on a private leaf, returns its .grad
import torch


def gradient(f, point):
    leaf = point.detach().clone()
    leaf.requires_grad = True
    with torch.enable_grad():
        value = f(leaf)
        value.backward()
    return leaf.grad.detach()
