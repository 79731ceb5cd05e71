# verdict: correct
# style: torch.linalg.eigvals, real parts
import torch


def classify_critical_point(H, tol=1e-8):
    # H is symmetric, so its eigenvalues are real
    lam = torch.linalg.eigvals(H).real
    n_pos = int((lam > tol).sum())
    n_neg = int((lam < -tol).sum())
    n = lam.numel()
    if n_pos == n:
        return "minimum"
    if n_neg == n:
        return "maximum"
    if n_pos > 0 and n_neg > 0:
        return "saddle"
    return "degenerate"
