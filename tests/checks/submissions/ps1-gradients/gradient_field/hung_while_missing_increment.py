# verdict: hung
# style: while loop over the flattened points
# mistake: never increments k, so the while loop runs forever on any non-empty grid
import torch


def gradient_field(f, X, Y):
    pts = torch.stack([X.flatten(), Y.flatten()], dim=1)
    grads = torch.zeros_like(pts)
    k = 0
    while k < pts.shape[0]:
        p = pts[k].detach().clone().requires_grad_(True)
        grads[k] = torch.autograd.grad(f(p), p)[0]
    return grads[:, 0].reshape(X.shape), grads[:, 1].reshape(X.shape)
