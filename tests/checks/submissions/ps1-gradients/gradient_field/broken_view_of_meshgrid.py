# verdict: broken
# style: X.view(-1) on meshgrid output
# mistake: X.view(-1) on the non-contiguous tensors meshgrid returns: RuntimeError
import torch


def gradient_field(f, X, Y):
    pts = torch.stack([X.view(-1), Y.view(-1)], dim=1).requires_grad_(True)
    total = sum(f(p) for p in pts)
    (G,) = torch.autograd.grad(total, pts)
    return G[:, 0].view(X.shape), G[:, 1].view(X.shape)
