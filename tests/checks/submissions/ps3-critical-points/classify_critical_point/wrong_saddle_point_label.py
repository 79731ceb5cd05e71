# verdict: wrong
# style: eigvalsh, different label
# mistake: returns 'saddle point' instead of the exact string 'saddle'
# differs-on: any indefinite matrix
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)
    if torch.all(ev > tol):
        return "minimum"
    if torch.all(ev < -tol):
        return "maximum"
    if torch.any(ev > tol) and torch.any(ev < -tol):
        return "saddle point"
    return "degenerate"
