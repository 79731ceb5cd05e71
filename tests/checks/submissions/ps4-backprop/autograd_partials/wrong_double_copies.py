# verdict: wrong
# style: float64 copies for accuracy
# mistake: makes float64 copies and returns float64
# differs-on: float32 inputs
import torch


def autograd_partials(w, x, y, z):
    W, X, Y, Z = (t.detach().double().requires_grad_(True) for t in (w, x, y, z))
    with torch.enable_grad():
        a = (W + X + Y + Z) ** 2
        b = (W + X - Y - Z) ** 2
        f = ((a + b) ** 2 + (a - b) ** 2) ** 2
        f.sum().backward()
    return {"f": f.detach(), "w": W.grad, "x": X.grad, "y": Y.grad, "z": Z.grad}
