# verdict: wrong
# style: torch.softmax over torch.stack([x, y])
# mistake: stacks x and y without broadcasting them first
# differs-on: x and y of different (broadcastable) shapes (stack raises)
import torch


def logsumexp_grad(x, y):
    s = torch.softmax(torch.stack([x, y]), dim=0)
    return s[0], s[1]
