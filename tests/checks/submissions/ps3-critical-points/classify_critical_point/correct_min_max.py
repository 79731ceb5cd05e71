# verdict: correct
# style: smallest and largest eigenvalue as Python floats
import torch


def classify_critical_point(H, tol=1e-8):
    ev = torch.linalg.eigvalsh(H)  # increasing order
    lo, hi = ev[0].item(), ev[-1].item()
    if lo > tol:
        return "minimum"
    if hi < -tol:
        return "maximum"
    if lo < -tol and hi > tol:
        return "saddle"
    return "degenerate"
