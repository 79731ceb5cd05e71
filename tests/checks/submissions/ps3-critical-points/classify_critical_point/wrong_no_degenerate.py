# verdict: wrong
# style: eigvalsh, three cases
# mistake: calls everything that is neither a minimum nor a maximum a saddle, never 'degenerate'
# differs-on: matrices with a zero eigenvalue and no eigenvalues of opposite signs, e.g. diag(2, 0)
# written-by: the checks' authors (not the independent corpus)
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)
    if bool((ev > tol).all()):
        return "minimum"
    if bool((ev < -tol).all()):
        return "maximum"
    return "saddle"
