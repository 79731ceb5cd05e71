# verdict: wrong
# style: the 2 x 2 gradient written out
# mistake: writes the gradient out for 2 x 2 matrices only
# differs-on: any d != 2 (wrong shape for d > 2, IndexError for d = 1)
import torch


def grad_quadratic_form(A, x):
    g0 = 2 * A[0, 0] * x[0] + (A[0, 1] + A[1, 0]) * x[1]
    g1 = (A[0, 1] + A[1, 0]) * x[0] + 2 * A[1, 1] * x[1]
    return torch.stack([g0, g1])
