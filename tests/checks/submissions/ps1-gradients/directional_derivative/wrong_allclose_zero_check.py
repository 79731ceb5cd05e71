# verdict: wrong
# style: torch.allclose to test for the zero vector
# mistake: tests for the zero vector with torch.allclose (atol 1e-8), so short but nonzero directions raise ValueError
# differs-on: short nonzero directions, e.g. [1e-9, 0, 0]
import torch


def directional_derivative(f, point, direction):
    if torch.allclose(direction, torch.zeros_like(direction)):
        raise ValueError("zero direction")
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return torch.dot(direction / torch.linalg.vector_norm(direction), g)
