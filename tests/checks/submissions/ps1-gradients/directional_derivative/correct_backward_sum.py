# verdict: correct
# style: .backward() on a leaf copy, (u * grad).sum()
import torch


def directional_derivative(f, point, direction):
    if bool((direction == 0).all()):
        raise ValueError("direction is zero")
    leaf = point.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        f(leaf).backward()
    u = direction / direction.norm()
    return (u * leaf.grad).sum()
