# verdict: wrong
# style: requires_grad_ on the caller's tensors
# mistake: switches on requires_grad of the caller's tensors instead of making private leaves
# differs-on: any input (the inputs require grad afterwards)
import torch


def autograd_partials(w, x, y, z):
    for t in (w, x, y, z):
        t.requires_grad_(True)
    a = (w + x + y + z) ** 2
    b = (w + x - y - z) ** 2
    f = ((a + b) ** 2 + (a - b) ** 2) ** 2
    grads = torch.autograd.grad(f.sum(), (w, x, y, z))
    return {"f": f.detach(), "w": grads[0], "x": grads[1], "y": grads[2], "z": grads[3]}
