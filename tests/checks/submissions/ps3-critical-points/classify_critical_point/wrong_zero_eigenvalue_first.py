# verdict: wrong
# style: checks for zero eigenvalues before the saddle test
# mistake: returns 'degenerate' whenever some eigenvalue is zero, even if others have both signs
# differs-on: matrices with a zero eigenvalue and eigenvalues of both signs, e.g. diag(1, 0, -1) (a saddle)
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)
    if torch.any(ev.abs() <= tol):
        return "degenerate"
    if torch.all(ev > tol):
        return "minimum"
    if torch.all(ev < -tol):
        return "maximum"
    return "saddle"
