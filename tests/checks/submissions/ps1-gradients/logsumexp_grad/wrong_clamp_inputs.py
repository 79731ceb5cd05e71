# verdict: wrong
# style: clamps each input to [-50, 50] before exponentiating
# mistake: clamps x and y separately, which changes their difference once they leave [-50, 50]
# differs-on: inputs beyond +-50 with different values, e.g. (80, 79) gives (0.5, 0.5) instead of (0.73, 0.27)
import torch


def logsumexp_grad(x, y):
    # keep exp from overflowing
    x = torch.clamp(x, -50, 50)
    y = torch.clamp(y, -50, 50)
    ex, ey = torch.exp(x), torch.exp(y)
    return ex / (ex + ey), ey / (ex + ey)
