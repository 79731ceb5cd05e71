# verdict: wrong
# style: eigvalsh with >= and <=
# mistake: counts an eigenvalue equal to tol as positive (>= instead of >), though |lambda| <= tol is zero
# differs-on: an eigenvalue exactly equal to tol, e.g. diag(0.5, 1) with tol = 0.5
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)
    if torch.all(ev >= tol):
        return "minimum"
    if torch.all(ev <= -tol):
        return "maximum"
    if torch.any(ev >= tol) and torch.any(ev <= -tol):
        return "saddle"
    return "degenerate"
