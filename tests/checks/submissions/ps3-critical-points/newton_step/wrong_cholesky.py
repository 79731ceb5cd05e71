# verdict: wrong
# style: Cholesky factorisation for the solve
# mistake: assumes the Hessian is positive definite (Cholesky), which fails at saddles and maxima
# differs-on: points with an indefinite or negative definite Hessian, e.g. f = x^2 - y^2 (raises)
import torch


def newton_step(f, x):
    p = x.detach().clone()
    q = p.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(q), q)
    H = torch.autograd.functional.hessian(f, p)
    L = torch.linalg.cholesky(H)  # H is symmetric positive definite
    s = torch.cholesky_solve(g.unsqueeze(1), L).squeeze(1)
    return p - s
