# verdict: wrong
# style: sigmoid written with tanh
# mistake: sigmoid via (1 + tanh(t/2))/2 loses the small component: 1 + tanh rounds to 0
# differs-on: |x - y| > 37 in float64 (e.g. (40, 0): dL/dy = 0 instead of 4.2e-18; only a relative comparison sees it)
import torch


def logsumexp_grad(x, y):
    # sigmoid(t) = (1 + tanh(t / 2)) / 2
    gx = 0.5 * (1 + torch.tanh((x - y) / 2))
    gy = 0.5 * (1 + torch.tanh((y - x) / 2))
    return gx, gy
