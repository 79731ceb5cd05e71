# verdict: correct
# style: torch.addmm for the residual, torch.mm for the product
import torch


def grad_factorization(X, U, V):
    residual = torch.addmm(X, U, V, alpha=-1)  # X - U V
    return torch.mm(U.t(), residual).mul(-2)
