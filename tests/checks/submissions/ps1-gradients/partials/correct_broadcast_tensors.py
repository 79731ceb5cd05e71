# verdict: correct
# style: torch.broadcast_tensors, then the three formulas
import torch


def partials(x, y, z):
    """Partial derivatives of f(x, y, z) = 2x^2 - 3xy + z^3, elementwise."""
    # bring all three to the common shape first, then every formula has that shape
    xb, yb, zb = torch.broadcast_tensors(x, y, z)
    df_dx = 4 * xb - 3 * yb
    df_dy = -3 * xb
    df_dz = 3 * zb**2
    return (df_dx, df_dy, df_dz)
