# verdict: correct
# style: autograd on a detached copy of V
import torch


def grad_factorization(X, U, V):
    with torch.enable_grad():
        Vl = V.detach().clone().requires_grad_(True)
        loss = ((X.detach() - U.detach() @ Vl) ** 2).sum()
        (g,) = torch.autograd.grad(loss, Vl)
    return g
