# verdict: wrong
# style: torch.nn.functional.normalize
# mistake: F.normalize divides by max(||v||, 1e-12), which is not v/||v|| for tiny vectors
# differs-on: nonzero vectors with ||v|| < 1e-12, e.g. v = [1e-13, 0] in float64 gives 0.1 instead of 1
import torch.nn.functional as F


def grad_l2_norm(v):
    return F.normalize(v, dim=0)
