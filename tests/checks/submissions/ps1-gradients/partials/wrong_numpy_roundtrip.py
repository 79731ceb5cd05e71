# verdict: wrong
# style: numpy broadcasting, back with torch.from_numpy
# mistake: round-trips through numpy, so the results always come back on the CPU (and .numpy() fails on CUDA or requires_grad inputs)
# differs-on: CUDA inputs, inputs with requires_grad=True, and all-0-d inputs (numpy hands back scalars, which torch.from_numpy rejects)
import numpy as np
import torch


def partials(x, y, z):
    xn, yn, zn = np.broadcast_arrays(x.numpy(), y.numpy(), z.numpy())
    df_dx = 4 * xn - 3 * yn
    df_dy = -3 * xn
    df_dz = 3 * zn**2
    return torch.from_numpy(df_dx), torch.from_numpy(df_dy), torch.from_numpy(df_dz)
