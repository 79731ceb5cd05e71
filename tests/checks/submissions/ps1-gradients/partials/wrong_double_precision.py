# verdict: wrong
# style: computes in float64 for accuracy
# mistake: converts to float64 with .double() and never converts back
# differs-on: float32 inputs
import torch


def partials(x, y, z):
    # use double precision so the formulas are accurate
    x, y, z = torch.broadcast_tensors(x.double(), y.double(), z.double())
    return 4 * x - 3 * y, -3 * x, 3 * z**2
