# verdict: correct
# style: multiplies by torch.ones_like(x + y + z) to get the broadcast shape
import torch


def partials(x, y, z):
    # ones_like(x + y + z) has the broadcast shape, dtype and device of the inputs
    ones = torch.ones_like(x + y + z)
    return ((4 * x - 3 * y) * ones, (-3 * x) * ones, (3 * z**2) * ones)
