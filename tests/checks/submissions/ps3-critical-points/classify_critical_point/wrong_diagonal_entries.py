# verdict: wrong
# style: signs of the diagonal entries
# mistake: looks at the diagonal entries instead of the eigenvalues
# differs-on: non-diagonal matrices such as [[1, 2], [2, 1]] (a saddle called a minimum)
import torch


def classify_critical_point(H, tol=1e-8):
    d = torch.diagonal(H)
    if (d > tol).all():
        return "minimum"
    if (d < -tol).all():
        return "maximum"
    if (d > tol).any() and (d < -tol).any():
        return "saddle"
    return "degenerate"
