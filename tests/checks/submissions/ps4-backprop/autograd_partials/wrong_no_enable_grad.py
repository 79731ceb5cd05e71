# verdict: wrong
# style: clones and autograd.grad without enable_grad
# mistake: does not use torch.enable_grad(), so it fails when called inside torch.no_grad()
# differs-on: a call made inside torch.no_grad() (RuntimeError)
import torch


def autograd_partials(w, x, y, z):
    W, X, Y, Z = (t.detach().clone().requires_grad_(True) for t in (w, x, y, z))
    a = (W + X + Y + Z) ** 2
    b = (W + X - Y - Z) ** 2
    f = ((a + b) ** 2 + (a - b) ** 2) ** 2
    gw, gx, gy, gz = torch.autograd.grad(f.sum(), (W, X, Y, Z))
    return {"f": f.detach(), "w": gw, "x": gx, "y": gy, "z": gz}
