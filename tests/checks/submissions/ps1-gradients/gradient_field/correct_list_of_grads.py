# verdict: correct
# style: list comprehension of per-point gradients, torch.stack, reshape
import torch


def _grad_at(f, p):
    q = p.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        return torch.autograd.grad(f(q), q)[0]


def gradient_field(f, X, Y):
    pts = torch.stack([X.flatten(), Y.flatten()], dim=1)
    if pts.shape[0] == 0:
        return torch.zeros_like(X), torch.zeros_like(Y)
    G = torch.stack([_grad_at(f, p) for p in pts])
    return G[:, 0].reshape(X.shape).clone(), G[:, 1].reshape(X.shape).clone()
