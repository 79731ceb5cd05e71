# verdict: wrong
# style: torch.autograd.functional.jacobian, squeezed
# mistake: squeezes the Jacobian, so a point of length 1 gives a 0-d tensor instead of shape (1,)
# differs-on: points of length 1
import torch


def gradient(f, point):
    # jacobian gives a (1, n) or (n,) shape depending on f, squeeze to be safe
    return torch.autograd.functional.jacobian(f, point.detach()).squeeze()
