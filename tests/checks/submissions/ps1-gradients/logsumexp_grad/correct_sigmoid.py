# verdict: correct
# style: torch.sigmoid of the differences
import torch


def logsumexp_grad(x, y):
    """Gradient (dL/dx, dL/dy) of L = log(e^x + e^y), elementwise and overflow-free."""
    # e^x / (e^x + e^y) = 1 / (1 + e^(y - x)) = sigmoid(x - y)
    return torch.sigmoid(x - y), torch.sigmoid(y - x)
