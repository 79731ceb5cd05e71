# verdict: wrong
# style: divides H by its largest entry in place first
# mistake: rescales with H /= H.abs().max(), which overwrites the caller's H (and makes tol relative)
# differs-on: any H whose largest |entry| is not 0 or 1 (H is modified); small eigenvalues next to large ones, e.g. diag(1e9, 1) (called degenerate)
import torch


def classify_critical_point(H, tol=1e-8):
    # scale H so that tol does not depend on the size of the entries
    scale = H.abs().max()
    if scale > 0:
        H /= scale
    ev = torch.linalg.eigvalsh(H)
    if torch.all(ev > tol):
        return "minimum"
    if torch.all(ev < -tol):
        return "maximum"
    if torch.any(ev > tol) and torch.any(ev < -tol):
        return "saddle"
    return "degenerate"
