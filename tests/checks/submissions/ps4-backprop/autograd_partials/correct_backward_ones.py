# verdict: correct
# style: f.backward(torch.ones_like(f))
import torch


def autograd_partials(w, x, y, z):
    wl, xl, yl, zl = (v.detach().clone() for v in (w, x, y, z))
    for leaf in (wl, xl, yl, zl):
        leaf.requires_grad_()
    with torch.enable_grad():
        a = (wl + xl + yl + zl) ** 2
        b = (wl + xl - yl - zl) ** 2
        u = (a + b) ** 2
        v = (a - b) ** 2
        f = (u + v) ** 2
        f.backward(torch.ones_like(f))
    return dict(f=f.detach(), w=wl.grad, x=xl.grad, y=yl.grad, z=zl.grad)
