# verdict: wrong
# style: the softmax formula exactly as written
# mistake: exponentiates directly, so e^x overflows and inf/inf gives nan
# differs-on: large inputs, e.g. x = 1000 (or x = 100 in float32)
import torch


def logsumexp_grad(x, y):
    ex, ey = torch.exp(x), torch.exp(y)
    return ex / (ex + ey), ey / (ex + ey)
