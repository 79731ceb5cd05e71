# verdict: wrong
# style: calls f once on the stacked grid
# mistake: calls f once on the stacked (2, H, W) grid, which is only right when f acts elementwise on p[0], p[1]
# differs-on: a non-elementwise f such as f(p) = p.sum()**2 or f(p) = torch.linalg.vector_norm(p)
import torch


def gradient_field(f, X, Y):
    P = torch.stack([X, Y]).detach().clone().requires_grad_(True)  # shape (2, H, W)
    with torch.enable_grad():
        Z = f(P)  # f(x, y) at every grid point at once
        (G,) = torch.autograd.grad(Z.sum(), P)
    return G[0], G[1]
