# verdict: wrong
# style: zeros template without device=
# mistake: creates the broadcast template with torch.zeros(shape, dtype=...) and no device=, so it lives on the CPU
# differs-on: CUDA inputs with a non-scalar broadcast shape (CPU/CUDA mix raises)
import torch


def partials(x, y, z):
    shape = torch.broadcast_shapes(x.shape, y.shape, z.shape)
    zero = torch.zeros(shape, dtype=x.dtype)
    return (4 * x - 3 * y + zero, -3 * x + zero, 3 * z**2 + zero)
