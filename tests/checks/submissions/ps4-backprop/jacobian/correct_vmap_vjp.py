# verdict: correct
# style: vmap of a vjp over the rows of the identity
import torch


def jacobian(F, x):
    y, pullback = torch.func.vjp(F, x.detach())
    eye = torch.eye(y.shape[0], dtype=y.dtype, device=y.device)
    (J,) = torch.func.vmap(pullback)(eye)
    return J
