# verdict: correct
# style: autograd.grad, then dot with the normalised direction
import torch


def directional_derivative(f, point, direction):
    """Slope of ``f`` at ``point`` along ``direction`` (any nonzero length)."""
    if torch.count_nonzero(direction) == 0:
        raise ValueError("direction must not be the zero vector")
    with torch.enable_grad():
        p = point.detach().clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(f(p), p)
    u = direction.detach().to(dtype=point.dtype, device=point.device)
    u = u / torch.linalg.vector_norm(u)
    return torch.dot(u, grad)
