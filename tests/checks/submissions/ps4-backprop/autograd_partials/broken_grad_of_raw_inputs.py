# verdict: broken
# style: torch.autograd.grad with respect to the raw inputs
# mistake: differentiates with respect to the raw inputs: RuntimeError whenever they do not require grad (the normal case)
import torch


def autograd_partials(w, x, y, z):
    a = (w + x + y + z) ** 2
    b = (w + x - y - z) ** 2
    f = ((a + b) ** 2 + (a - b) ** 2) ** 2
    grads = torch.autograd.grad(f.sum(), [w, x, y, z])
    return {"f": f, "w": grads[0], "x": grads[1], "y": grads[2], "z": grads[3]}
