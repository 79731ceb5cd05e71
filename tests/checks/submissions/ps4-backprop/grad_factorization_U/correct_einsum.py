# verdict: correct
# style: index notation with torch.einsum
import torch


def grad_factorization_U(X, U, V):
    # dL/dU_ac = -2 sum_b (X - UV)_ab V_cb
    R = X - U @ V
    return -2.0 * torch.einsum("ab,cb->ac", R, V)
