# verdict: broken
# style: torch.linalg.eigvals without .real
# mistake: compares complex eigenvalues with >: RuntimeError on every call
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvals(H)
    if torch.all(ev > tol):
        return "minimum"
    if torch.all(ev < -tol):
        return "maximum"
    if torch.any(ev > tol) and torch.any(ev < -tol):
        return "saddle"
    return "degenerate"
