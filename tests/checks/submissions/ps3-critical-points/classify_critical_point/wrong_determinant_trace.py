# verdict: wrong
# style: 2 x 2 determinant and trace test
# mistake: uses the 2 x 2 determinant/trace test, which does not classify larger Hessians
# differs-on: 3 x 3 or larger matrices, e.g. diag(1, -1, -1) (det > 0, called a maximum instead of a saddle)
import torch


def classify_critical_point(H, tol=1e-8):
    det = torch.linalg.det(H)
    tr = torch.trace(H)
    if det < -tol:
        return "saddle"
    if det > tol:
        return "minimum" if tr > 0 else "maximum"
    return "degenerate"
