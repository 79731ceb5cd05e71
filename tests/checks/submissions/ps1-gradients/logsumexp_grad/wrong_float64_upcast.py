# verdict: wrong
# style: sigmoid computed in float64
# mistake: upcasts to float64 and returns float64
# differs-on: float32 inputs
import torch


def logsumexp_grad(x, y):
    d = x.double() - y.double()  # extra precision
    return torch.sigmoid(d), torch.sigmoid(-d)
