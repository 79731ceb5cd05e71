# verdict: broken
# style: torch.sigmoid misspelt
# mistake: torch.sigmod does not exist: AttributeError on every call
import torch


def logsumexp_grad(x, y):
    return torch.sigmod(x - y), torch.sigmod(y - x)
