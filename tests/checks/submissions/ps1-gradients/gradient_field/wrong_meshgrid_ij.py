# verdict: wrong
# style: rebuilds the grid with indexing='ij'
# mistake: rebuilds the grid with indexing='ij', so U and V come out transposed relative to X
# differs-on: any non-square grid (wrong shape); square grids unless the field is symmetric
import torch


def gradient_field(f, X, Y):
    xs = X[0, :]
    ys = Y[:, 0]
    gx, gy = torch.meshgrid(xs, ys, indexing="ij")
    U = torch.zeros_like(gx)
    V = torch.zeros_like(gx)
    for i in range(gx.shape[0]):
        for j in range(gx.shape[1]):
            p = torch.stack([gx[i, j], gy[i, j]]).clone().requires_grad_(True)
            g = torch.autograd.grad(f(p), p)[0]
            U[i, j], V[i, j] = g[0], g[1]
    return U, V
