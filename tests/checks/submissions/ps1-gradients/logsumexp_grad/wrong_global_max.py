# verdict: wrong
# style: shifts by one global maximum of both tensors
# mistake: subtracts a single maximum over all elements instead of the elementwise max, so small pairs underflow to 0/0
# differs-on: a batch mixing huge and moderate pairs, e.g. x = [1000, 0], y = [0, 0] (nan in the second element)
import torch


def logsumexp_grad(x, y):
    m = torch.max(torch.max(x), torch.max(y))
    ex, ey = torch.exp(x - m), torch.exp(y - m)
    return ex / (ex + ey), ey / (ex + ey)
