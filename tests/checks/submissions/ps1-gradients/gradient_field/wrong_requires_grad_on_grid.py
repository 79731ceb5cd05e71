# verdict: wrong
# style: requires_grad_ on X and Y themselves
# mistake: switches on requires_grad of the caller's X and Y instead of working on copies
# differs-on: any grid (X.requires_grad and Y.requires_grad are True afterwards)
import torch


def gradient_field(f, X, Y):
    X.requires_grad_(True)
    Y.requires_grad_(True)
    values = [
        f(torch.stack([X[i, j], Y[i, j]])) for i in range(X.shape[0]) for j in range(X.shape[1])
    ]
    U, V = torch.autograd.grad(torch.stack(values).sum(), (X, Y))
    return U, V
