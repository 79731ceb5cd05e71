# verdict: correct
# style: torch.softmax over a stacked broadcast pair
import torch


def logsumexp_grad(x, y):
    xb, yb = torch.broadcast_tensors(x, y)
    probs = torch.softmax(torch.stack([xb, yb]), dim=0)
    return probs[0], probs[1]
