# verdict: correct
# style: numpy.linalg.eigvalsh on a CPU copy
import numpy as np


def classify_critical_point(H, tol=1e-8):
    eig = np.linalg.eigvalsh(H.detach().cpu().numpy())
    pos = eig > tol
    neg = eig < -tol
    if pos.all():
        return "minimum"
    if neg.all():
        return "maximum"
    if pos.any() and neg.any():
        return "saddle"
    return "degenerate"
