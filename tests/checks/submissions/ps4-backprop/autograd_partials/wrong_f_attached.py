# verdict: wrong
# style: clones and autograd.grad, f not detached
# mistake: returns f still attached to the autograd graph
# differs-on: any input (out['f'].requires_grad is True)
import torch


def autograd_partials(w, x, y, z):
    W, X, Y, Z = (t.detach().clone().requires_grad_(True) for t in (w, x, y, z))
    a = (W + X + Y + Z) ** 2
    b = (W + X - Y - Z) ** 2
    f = ((a + b) ** 2 + (a - b) ** 2) ** 2
    gw, gx, gy, gz = torch.autograd.grad(f.sum(), (W, X, Y, Z), retain_graph=True)
    return {"f": f, "w": gw, "x": gx, "y": gy, "z": gz}
