# verdict: wrong
# style: eigvalsh, capitalised labels
# mistake: capitalises the labels ('Minimum', 'Saddle', ...)
# differs-on: any matrix
# written-by: the checks' authors (not the independent corpus)
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)
    if bool((ev > tol).all()):
        return "Minimum"
    if bool((ev < -tol).all()):
        return "Maximum"
    if bool((ev > tol).any()) and bool((ev < -tol).any()):
        return "Saddle"
    return "Degenerate"
