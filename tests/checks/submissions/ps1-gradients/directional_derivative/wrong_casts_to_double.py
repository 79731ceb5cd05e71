# verdict: wrong
# style: casts both factors to double before the dot product
# mistake: casts to float64 for the dot product and returns float64
# differs-on: float32 points
import torch


def directional_derivative(f, point, direction):
    if torch.linalg.vector_norm(direction) == 0:
        raise ValueError("zero direction")
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    u = direction / torch.linalg.vector_norm(direction)
    return torch.dot(u.double(), g.double())  # dot needs equal dtypes
