# verdict: correct
# style: torch.autograd.grad on f.sum()
import torch


def _f(w, x, y, z):
    a = (w + x + y + z) ** 2
    b = (w + x - y - z) ** 2
    return ((a + b) ** 2 + (a - b) ** 2) ** 2


def autograd_partials(w, x, y, z):
    with torch.enable_grad():
        ins = tuple(t.detach().clone().requires_grad_(True) for t in (w, x, y, z))
        f = _f(*ins)
        grads = torch.autograd.grad(f.sum(), ins)
    out = {"f": f.detach()}
    out.update({k: g.detach() for k, g in zip("wxyz", grads, strict=True)})
    return out
