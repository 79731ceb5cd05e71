# verdict: broken
# style: torch.dot with a matrix
# mistake: torch.dot only takes 1-D tensors: RuntimeError on every call
import torch


def grad_least_squares(A, x, b):
    r = torch.dot(A, x) - b
    return 2 * torch.dot(A.T, r)
