# verdict: wrong
# style: eigvalsh, short labels
# mistake: returns 'min' and 'max' instead of the exact strings 'minimum' and 'maximum'
# differs-on: any definite matrix
# written-by: the checks' authors (not the independent corpus)
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)
    if bool((ev > tol).all()):
        return "min"
    if bool((ev < -tol).all()):
        return "max"
    if bool((ev > tol).any()) and bool((ev < -tol).any()):
        return "saddle"
    return "degenerate"
