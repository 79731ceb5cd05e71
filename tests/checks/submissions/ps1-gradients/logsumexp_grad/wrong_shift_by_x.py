# verdict: wrong
# style: subtracts x (not the max) before exponentiating
# mistake: shifts by x instead of max(x, y): e^(y - x) overflows when y is much larger than x, giving inf/inf = nan
# differs-on: y much larger than x, e.g. x = 0, y = 1000
import torch


def logsumexp_grad(x, y):
    ey = torch.exp(y - x)  # e^x / (e^x + e^y) = 1 / (1 + e^(y-x))
    gx = 1 / (1 + ey)
    gy = ey / (1 + ey)
    return gx, gy
