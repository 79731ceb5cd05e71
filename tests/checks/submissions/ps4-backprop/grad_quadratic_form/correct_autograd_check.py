# verdict: correct
# style: autograd on a detached copy (allowed: no autograd needed, not forbidden)
import torch


def grad_quadratic_form(A, x):
    with torch.enable_grad():
        xl = x.detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(xl @ A.detach() @ xl, xl)
    return g
