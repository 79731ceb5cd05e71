# verdict: wrong
# style: sigmoid with the arguments swapped
# mistake: returns (dL/dy, dL/dx) in swapped order
# differs-on: any input with x != y
import torch


def logsumexp_grad(x, y):
    return torch.sigmoid(y - x), torch.sigmoid(x - y)
