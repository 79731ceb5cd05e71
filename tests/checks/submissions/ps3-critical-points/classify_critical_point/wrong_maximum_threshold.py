# verdict: wrong
# style: eigvalsh, maximum compared with +tol
# mistake: tests the maximum with ev < tol instead of ev < -tol
# differs-on: negative semi-definite matrices with a zero eigenvalue, e.g. diag(-1, 0) (called a maximum)
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)
    if torch.all(ev > tol):
        return "minimum"
    if torch.all(ev < tol):
        return "maximum"
    if torch.any(ev > tol) and torch.any(ev < -tol):
        return "saddle"
    return "degenerate"
