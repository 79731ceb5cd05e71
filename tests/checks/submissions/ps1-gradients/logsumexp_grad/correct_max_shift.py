# verdict: correct
# style: shift by torch.maximum before exponentiating
import torch


def logsumexp_grad(x, y):
    m = torch.maximum(x, y)
    ex = torch.exp(x - m)
    ey = torch.exp(y - m)
    total = ex + ey  # at least 1, never overflows
    return ex / total, ey / total
