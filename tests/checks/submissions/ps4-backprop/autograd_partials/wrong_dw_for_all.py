# verdict: wrong
# style: only df/dw by autograd, copied to every key
# mistake: differentiates only with respect to w and reuses df/dw for x, y and z
# differs-on: any point with w + x - y - z != 0 (all four are -4096 at the published point)
import torch


def autograd_partials(w, x, y, z):
    W = w.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        a = (W + x + y + z) ** 2
        b = (W + x - y - z) ** 2
        f = ((a + b) ** 2 + (a - b) ** 2) ** 2
        (g,) = torch.autograd.grad(f.sum(), W)
    return {"f": f.detach(), "w": g, "x": g.clone(), "y": g.clone(), "z": g.clone()}
