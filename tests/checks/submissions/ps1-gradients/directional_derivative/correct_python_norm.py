# verdict: correct
# style: norm as a Python float, gradient @ direction / norm
import torch


def directional_derivative(f, point, direction):
    n = float(torch.linalg.vector_norm(direction))
    if n == 0.0:
        raise ValueError("cannot take a slope along the zero vector")
    x = point.detach().clone()
    with torch.enable_grad():
        x.requires_grad_(True)
        g = torch.autograd.grad(f(x), x)[0]
    return (g @ direction) / n
