# verdict: wrong
# style: broadcast_tensors and formulas
# mistake: power rule slip: d(z^3)/dz written as 3z instead of 3z^2
# differs-on: any z other than 0 and 1
import torch


def partials(x, y, z):
    xb, yb, zb = torch.broadcast_tensors(x, y, z)
    df_dx = 4 * xb - 3 * yb
    df_dy = -3 * xb
    df_dz = 3 * zb  # power rule on z^3
    return df_dx, df_dy, df_dz
