# verdict: correct
# style: double loop, a fresh leaf per grid point
import torch


def gradient_field(f, X, Y):
    U = torch.zeros_like(X)
    V = torch.zeros_like(X)
    rows, cols = X.shape
    for i in range(rows):
        for j in range(cols):
            p = torch.stack([X[i, j], Y[i, j]]).detach().clone().requires_grad_(True)
            with torch.enable_grad():
                (g,) = torch.autograd.grad(f(p), p)
            U[i, j] = g[0]
            V[i, j] = g[1]
    return U, V
