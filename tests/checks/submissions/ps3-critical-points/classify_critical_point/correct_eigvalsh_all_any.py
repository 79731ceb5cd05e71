# verdict: correct
# style: torch.linalg.eigvalsh with all/any
import torch


def classify_critical_point(H, tol=1e-8):
    """Classify a critical point from the eigenvalues of its Hessian ``H``."""
    ev = torch.linalg.eigvalsh(H)
    if bool(torch.all(ev > tol)):
        return "minimum"
    if bool(torch.all(ev < -tol)):
        return "maximum"
    if bool(torch.any(ev > tol)) and bool(torch.any(ev < -tol)):
        return "saddle"
    return "degenerate"
