# verdict: wrong
# style: shifts by the larger absolute value
# mistake: shifts by max(|x|, |y|) instead of max(x, y), which underflows both exponentials for large negative inputs
# differs-on: large negative inputs, e.g. (-1000, -1001) gives nan (right whenever max(x, y) >= 0)
import torch


def logsumexp_grad(x, y):
    # subtract the biggest magnitude so no exponent is positive
    m = torch.maximum(x.abs(), y.abs())
    ex, ey = torch.exp(x - m), torch.exp(y - m)
    return ex / (ex + ey), ey / (ex + ey)
