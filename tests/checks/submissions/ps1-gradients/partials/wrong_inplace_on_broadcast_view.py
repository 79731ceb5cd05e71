# verdict: wrong
# style: in-place pow_/mul_ on the broadcast views
# mistake: squares the broadcast view of z in place, which is the caller's z itself when no expansion is needed
# differs-on: any z already of the broadcast shape (z is overwritten by 3z^2); an expanded z raises
import torch


def partials(x, y, z):
    xb, yb, zb = torch.broadcast_tensors(x, y, z)
    df_dx = 4 * xb - 3 * yb
    df_dy = -3 * xb
    df_dz = zb.pow_(2).mul_(3)
    return df_dx, df_dy, df_dz
