# verdict: wrong
# style: second component as 1 - first
# mistake: computes dL/dy as 1 - dL/dx, which cancels to 0 when dL/dy is tiny
# differs-on: x - y > 37 in float64 (e.g. (40, 0): dL/dy = 0 instead of 4.2e-18; only a relative comparison sees it)
import torch


def logsumexp_grad(x, y):
    gx = torch.sigmoid(x - y)
    gy = 1 - gx  # the two components add up to 1
    return gx, gy
