# verdict: correct
# style: detached clones, .backward() on f.sum(), under enable_grad
import torch


def autograd_partials(w, x, y, z):
    """f and its four partials computed with torch autograd."""
    leaves = [t.detach().clone().requires_grad_(True) for t in (w, x, y, z)]
    W, X, Y, Z = leaves
    with torch.enable_grad():
        a = (W + X + Y + Z) ** 2
        b = (W + X - Y - Z) ** 2
        f = ((a + b) ** 2 + (a - b) ** 2) ** 2
        f.sum().backward()
    return {"f": f.detach(), "w": W.grad, "x": X.grad, "y": Y.grad, "z": Z.grad}
