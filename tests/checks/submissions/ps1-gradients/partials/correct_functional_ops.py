# verdict: correct
# style: torch.sub/mul/pow with alpha=, broadcast_to(...).clone()
import torch


def partials(x, y, z):
    target = torch.broadcast_shapes(x.shape, y.shape, z.shape)
    grads = (
        torch.sub(x.mul(4), y, alpha=3),  # 4x - 3y
        x.mul(-3),  # -3x
        z.pow(2).mul(3),  # 3z^2
    )
    return tuple(torch.broadcast_to(g, target).clone() for g in grads)
