# verdict: correct
# style: stacked (N, 2) points, one autograd.grad on the sum of f over rows
import torch


def gradient_field(f, X, Y):
    """Gradient (U, V) of f(x, y) at every point of a meshgrid."""
    with torch.enable_grad():
        pts = torch.stack([X.reshape(-1), Y.reshape(-1)], dim=1).detach().clone()
        pts.requires_grad_(True)
        # each f(pts[k]) depends only on row k, so the gradient of the sum holds all gradients
        total = sum(f(pts[k]) for k in range(pts.shape[0]))
        if not torch.is_tensor(total):  # empty grid
            return torch.zeros_like(X), torch.zeros_like(Y)
        (grads,) = torch.autograd.grad(total, pts)
    U = grads[:, 0].reshape(X.shape)
    V = grads[:, 1].reshape(X.shape)
    return U, V
