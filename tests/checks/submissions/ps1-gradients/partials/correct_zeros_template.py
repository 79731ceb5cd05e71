# verdict: correct
# style: adds a zeros tensor of the broadcast shape (dtype= and device= of x)
import torch


def partials(x, y, z):
    """Partial derivatives of f(x, y, z) = 2x^2 - 3xy + z^3, elementwise.

    By hand: df/dx = 4x - 3y, df/dy = -3x, df/dz = 3z^2.
    """
    shape = torch.broadcast_shapes(x.shape, y.shape, z.shape)
    zero = torch.zeros(shape, dtype=x.dtype, device=x.device)
    df_dx = 4.0 * x - 3.0 * y + zero
    df_dy = -3.0 * x + zero
    df_dz = 3.0 * z**2 + zero
    return df_dx, df_dy, df_dz
