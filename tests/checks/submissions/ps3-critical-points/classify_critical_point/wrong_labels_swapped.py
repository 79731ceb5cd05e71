# verdict: wrong
# style: eigvalsh, labels swapped
# mistake: swaps 'minimum' and 'maximum'
# differs-on: any definite matrix
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)
    if torch.all(ev > tol):
        return "maximum"  # curving up like a hill
    if torch.all(ev < -tol):
        return "minimum"
    if torch.any(ev > tol) and torch.any(ev < -tol):
        return "saddle"
    return "degenerate"
