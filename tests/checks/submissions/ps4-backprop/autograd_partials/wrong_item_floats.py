# verdict: wrong
# style: clones and autograd.grad, .item() results
# mistake: returns Python floats via .item() (and differentiates the unsummed f, so batches raise)
# differs-on: any input (floats instead of tensors); 1-D batches raise
import torch


def autograd_partials(w, x, y, z):
    W, X, Y, Z = (t.detach().clone().requires_grad_(True) for t in (w, x, y, z))
    a = (W + X + Y + Z) ** 2
    b = (W + X - Y - Z) ** 2
    f = ((a + b) ** 2 + (a - b) ** 2) ** 2
    g = torch.autograd.grad(f, (W, X, Y, Z))
    return {"f": f.item(), "w": g[0].item(), "x": g[1].item(), "y": g[2].item(), "z": g[3].item()}
