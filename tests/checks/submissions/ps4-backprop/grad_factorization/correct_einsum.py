# verdict: correct
# style: torch.einsum with the residual
import torch


def grad_factorization(X, U, V):
    R = X - torch.einsum("ac,cb->ab", U, V)
    # dL/dV_kl = -2 sum_a U_ak R_al
    return -2 * torch.einsum("ak,al->kl", U, R)
