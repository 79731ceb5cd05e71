# verdict: correct
# style: counts of positive, negative and zero eigenvalues
import torch


def classify_critical_point(H, tol=1e-8):
    eigenvalues = torch.linalg.eigvalsh(H.detach())
    n_zero = int((eigenvalues.abs() <= tol).sum())
    n_pos = int((eigenvalues > tol).sum())
    n_neg = int((eigenvalues < -tol).sum())
    if n_pos and n_neg:
        return "saddle"
    if n_zero:
        return "degenerate"
    return "minimum" if n_pos else "maximum"
