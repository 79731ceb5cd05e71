# verdict: wrong
# style: zeros template
# mistake: d(2x^2)/dx taken as 2x instead of 4x
# differs-on: any x != 0
import torch


def partials(x, y, z):
    shape = torch.broadcast_shapes(x.shape, y.shape, z.shape)
    base = torch.zeros(shape, dtype=x.dtype, device=x.device)
    # d/dx (2x^2) = 2x
    return (2 * x - 3 * y + base, -3 * x + base, 3 * z**2 + base)
