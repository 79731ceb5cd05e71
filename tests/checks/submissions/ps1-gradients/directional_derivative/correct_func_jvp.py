# verdict: correct
# style: forward mode: torch.func.jvp
import torch


def directional_derivative(f, point, direction):
    norm = torch.linalg.vector_norm(direction)
    if norm == 0:
        raise ValueError("zero direction")
    u = direction / norm
    # forward mode gives u . grad f directly
    _, slope = torch.func.jvp(f, (point.detach(),), (u.detach(),))
    return slope
