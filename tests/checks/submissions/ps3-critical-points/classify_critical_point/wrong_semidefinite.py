# verdict: wrong
# style: eigvalsh, >= -tol and <= tol
# mistake: calls every positive semi-definite H a minimum (and every negative semi-definite one a maximum), though a zero eigenvalue makes it degenerate
# differs-on: matrices with a zero eigenvalue and no eigenvalues of opposite signs, e.g. diag(2, 0)
# written-by: the checks' authors (not the independent corpus)
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)
    if bool((ev >= -tol).all()):
        return "minimum"
    if bool((ev <= tol).all()):
        return "maximum"
    if bool((ev > tol).any()) and bool((ev < -tol).any()):
        return "saddle"
    return "degenerate"
