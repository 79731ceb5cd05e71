# verdict: correct
# style: torch.mv and torch.einsum
import torch


def grad_least_squares(A, x, b):
    residual = torch.mv(A, x) - b
    return 2 * torch.einsum("ij,i->j", A, residual)
