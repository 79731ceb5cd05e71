# verdict: wrong
# style: tolerance relative to the largest eigenvalue
# mistake: scales tol by the largest |eigenvalue|, so small eigenvalues of a large matrix count as zero
# differs-on: widely spread eigenvalues, e.g. diag(1e9, 1) with tol = 1e-8 (called degenerate, is a minimum)
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)
    scale = ev.abs().max().clamp(min=1.0)
    thr = tol * scale
    if torch.all(ev > thr):
        return "minimum"
    if torch.all(ev < -thr):
        return "maximum"
    if torch.any(ev > thr) and torch.any(ev < -thr):
        return "saddle"
    return "degenerate"
