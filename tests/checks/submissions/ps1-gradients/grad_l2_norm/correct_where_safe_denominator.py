# verdict: correct
# style: torch.where with a safe denominator
import torch


def grad_l2_norm(v):
    """Gradient v / ||v||_2 of the Euclidean norm; zeros at v = 0."""
    norm = torch.linalg.vector_norm(v)
    safe = torch.where(norm > 0, norm, torch.ones_like(norm))
    return v / safe  # 0 / 1 = 0 at the origin
