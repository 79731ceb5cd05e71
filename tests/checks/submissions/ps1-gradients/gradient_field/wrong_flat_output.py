# verdict: wrong
# style: vmap(grad(f)) without reshaping
# mistake: returns the gradients as flat (H*W,) vectors instead of reshaping to X's shape
# differs-on: any grid (shape (H*W,) instead of (H, W))
import torch


def gradient_field(f, X, Y):
    pts = torch.stack([X.reshape(-1), Y.reshape(-1)], dim=1)
    g = torch.func.vmap(torch.func.grad(f))(pts)
    return g[:, 0], g[:, 1]
