# verdict: wrong
# style: closed-form inverse of a 2 x 2 matrix
# mistake: writes out the inverse of a 2 x 2 matrix, so only 2-D points work
# differs-on: points of length 1 (IndexError) or 3 and more (wrong shapes)
import torch


def newton_step(f, x):
    p = x.detach().clone()
    q = p.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(q), q)
    H = torch.autograd.functional.hessian(f, p)
    a, b, c, d = H[0, 0], H[0, 1], H[1, 0], H[1, 1]
    det = a * d - b * c
    inv = torch.stack([torch.stack([d, -b]), torch.stack([-c, a])]) / det
    return p - inv @ g
