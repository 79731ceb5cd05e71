# verdict: wrong
# style: broadcast_tensors and formulas
# mistake: sign slip in df/dx: 4x + 3y instead of 4x - 3y
# differs-on: any input with y != 0
import torch


def partials(x, y, z):
    xb, yb, zb = torch.broadcast_tensors(x, y, z)
    return (4 * xb + 3 * yb, -3 * xb, 3 * zb**2)
