# verdict: correct
# style: torch.autograd.functional.vjp of the stacked per-point values with a ones cotangent
import torch
from torch.autograd.functional import vjp


def gradient_field(f, X, Y):
    P = torch.stack([X.reshape(-1), Y.reshape(-1)], dim=-1).detach()
    if P.shape[0] == 0:
        return torch.zeros_like(X), torch.zeros_like(Y)

    def all_values(pts):
        return torch.stack([f(pts[k]) for k in range(pts.shape[0])])

    # ones^T J = sum over k of grad f(p_k), and row k only gets its own gradient
    _, G = vjp(all_values, P, torch.ones(P.shape[0], dtype=P.dtype, device=P.device))
    return G[:, 0].reshape(X.shape), G[:, 1].reshape(X.shape)
