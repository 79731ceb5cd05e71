# verdict: wrong
# style: central finite differences, h = 1e-3
# mistake: central finite differences instead of autograd (error of order h^2 and rounding/h)
# differs-on: float32 grids (error ~1e-4) and non-polynomial f such as sin(x) * y
import torch


def gradient_field(f, X, Y):
    h = 1e-3
    U = torch.empty_like(X)
    V = torch.empty_like(X)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            x, y = X[i, j], Y[i, j]
            U[i, j] = (f(torch.stack([x + h, y])) - f(torch.stack([x - h, y]))) / (2 * h)
            V[i, j] = (f(torch.stack([x, y + h])) - f(torch.stack([x, y - h]))) / (2 * h)
    return U, V
