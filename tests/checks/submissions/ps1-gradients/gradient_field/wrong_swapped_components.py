# verdict: wrong
# style: vmap(grad(f)), components swapped
# mistake: takes column 1 of the gradients as U and column 0 as V
# differs-on: any f with df/dx != df/dy
import torch


def gradient_field(f, X, Y):
    pts = torch.stack([X.flatten(), Y.flatten()], dim=1)
    g = torch.func.vmap(torch.func.grad(f))(pts)
    U = g[:, 1].reshape(X.shape)
    V = g[:, 0].reshape(X.shape)
    return U, V
