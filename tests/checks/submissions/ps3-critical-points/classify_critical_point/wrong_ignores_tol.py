# verdict: wrong
# style: eigvalsh compared with 0
# mistake: compares the eigenvalues with 0 instead of +-tol, ignoring the tol argument
# differs-on: an eigenvalue with 0 < |lambda| <= tol, e.g. diag(1, 1e-3) with tol = 1e-2
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)
    if (ev > 0).all():
        return "minimum"
    if (ev < 0).all():
        return "maximum"
    if (ev > 0).any() and (ev < 0).any():
        return "saddle"
    return "degenerate"
