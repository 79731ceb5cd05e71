# verdict: wrong
# style: broadcast_tensors, returns a list
# mistake: returns a list instead of the tuple the contract asks for
# differs-on: any input (type of the result)
import torch


def partials(x, y, z):
    x, y, z = torch.broadcast_tensors(x, y, z)
    return [4 * x - 3 * y, -3 * x, 3 * z**2]
