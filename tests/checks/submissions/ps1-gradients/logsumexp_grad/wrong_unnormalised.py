# verdict: wrong
# style: exponentials
# mistake: returns e^x and e^y without dividing by e^x + e^y
# differs-on: any input (and e^x overflows for large x)
# written-by: the checks' authors (not the independent corpus)
import torch


def logsumexp_grad(x, y):
    ex, ey = torch.broadcast_tensors(torch.exp(x), torch.exp(y))
    return ex, ey
