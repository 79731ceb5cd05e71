# verdict: correct
# style: x @ A + A @ x (x @ A is A^T x)
import torch


def grad_quadratic_form(A, x):
    # (x^T A)_k = sum_i x_i A_ik = (A^T x)_k
    return torch.matmul(x, A) + torch.matmul(A, x)
