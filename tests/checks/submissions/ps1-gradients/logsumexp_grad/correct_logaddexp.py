# verdict: correct
# style: exp(x - logaddexp(x, y))
import torch


def logsumexp_grad(x, y):
    lse = torch.logaddexp(x, y)  # stable log(e^x + e^y)
    return torch.exp(x - lse), torch.exp(y - lse)
