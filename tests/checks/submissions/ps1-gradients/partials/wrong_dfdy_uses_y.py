# verdict: wrong
# style: broadcast_tensors and formulas
# mistake: differentiates -3xy with respect to y as -3y instead of -3x
# differs-on: any input with x != y
import torch


def partials(x, y, z):
    x, y, z = torch.broadcast_tensors(x, y, z)
    df_dx = 4 * x - 3 * y
    df_dy = -3 * y  # d/dy of -3xy
    df_dz = 3 * z**2
    return (df_dx, df_dy, df_dz)
