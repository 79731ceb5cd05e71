# verdict: correct
# style: index notation with torch.einsum
import torch


def grad_quadratic_form(A, x):
    # d/dx_k sum_ij x_i A_ij x_j = sum_j A_kj x_j + sum_i x_i A_ik
    return torch.einsum("kj,j->k", A, x) + torch.einsum("i,ik->k", x, A)
