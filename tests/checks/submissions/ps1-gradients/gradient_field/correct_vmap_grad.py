# verdict: correct
# style: torch.func.vmap(torch.func.grad(f))
import torch
from torch.func import grad, vmap


def gradient_field(f, X, Y):
    points = torch.stack((X.detach().flatten(), Y.detach().flatten()), dim=-1)
    g = vmap(grad(f))(points)
    return g[:, 0].reshape(X.shape), g[:, 1].reshape(X.shape)
