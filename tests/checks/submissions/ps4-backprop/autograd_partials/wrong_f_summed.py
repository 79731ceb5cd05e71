# verdict: wrong
# style: returns the backpropagated scalar as f
# mistake: returns f.sum() as the value f
# differs-on: 1-D batches (a 0-d sum instead of one value per point)
import torch


def autograd_partials(w, x, y, z):
    W, X, Y, Z = (t.detach().clone().requires_grad_(True) for t in (w, x, y, z))
    with torch.enable_grad():
        a = (W + X + Y + Z) ** 2
        b = (W + X - Y - Z) ** 2
        loss = (((a + b) ** 2 + (a - b) ** 2) ** 2).sum()
        loss.backward()
    return {"f": loss.detach(), "w": W.grad, "x": X.grad, "y": Y.grad, "z": Z.grad}
