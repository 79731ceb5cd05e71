# verdict: wrong
# style: residual built in X's memory
# mistake: torch.sub(..., out=X) writes the residual into the caller's X
# differs-on: any input with UV != 0 (X is modified)
import torch


def grad_factorization_U(X, U, V):
    R = torch.sub(X, U @ V, out=X)
    return -2 * R @ V.T
