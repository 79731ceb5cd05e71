# verdict: correct
# style: autograd on a detached copy of U
import torch


def grad_factorization_U(X, U, V):
    with torch.enable_grad():
        Ul = U.detach().clone().requires_grad_(True)
        loss = torch.sum((X.detach() - Ul @ V.detach()) ** 2)
        loss.backward()
    return Ul.grad
