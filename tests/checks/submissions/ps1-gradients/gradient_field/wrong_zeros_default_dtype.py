# verdict: wrong
# style: double loop into torch.zeros(X.shape)
# mistake: allocates U and V with torch.zeros(X.shape): float32 on the CPU whatever X is
# differs-on: float64 grids (float32 result) and CUDA grids
import torch


def gradient_field(f, X, Y):
    U = torch.zeros(X.shape)
    V = torch.zeros(X.shape)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            p = torch.stack([X[i, j], Y[i, j]]).clone().requires_grad_(True)
            dx, dy = torch.autograd.grad(f(p), p)[0]
            U[i, j] = dx
            V[i, j] = dy
    return U, V
