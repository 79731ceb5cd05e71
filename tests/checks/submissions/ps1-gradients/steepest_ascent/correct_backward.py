# verdict: correct
# style: .backward() on a leaf copy, rate as u . grad
import torch


def steepest_ascent(f, point):
    leaf = point.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        f(leaf).backward()
    grad = leaf.grad
    length = torch.sqrt(torch.sum(grad**2))
    if length.item() == 0.0:
        raise ValueError("zero gradient")
    u = grad / length
    return u, torch.dot(u, grad)  # slope along u = u . grad = ||grad||
