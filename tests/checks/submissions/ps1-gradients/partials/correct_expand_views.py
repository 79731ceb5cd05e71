# verdict: correct
# style: formulas on the raw inputs, then .expand to torch.broadcast_shapes
import torch


def partials(x, y, z):
    shape = torch.broadcast_shapes(x.shape, y.shape, z.shape)
    dfdx = (4 * x - 3 * y).expand(shape)
    dfdy = (-3 * x).expand(shape)
    dfdz = (3 * z * z).expand(shape)
    return dfdx, dfdy, dfdz
