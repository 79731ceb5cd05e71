# verdict: correct
# style: torch.autograd.functional.vjp with a ones cotangent
import torch
from torch.autograd.functional import vjp


def _chain(w, x, y, z):
    a = (w + x + y + z) ** 2
    b = (w + x - y - z) ** 2
    return ((a + b) ** 2 + (a - b) ** 2) ** 2


def autograd_partials(w, x, y, z):
    inputs = tuple(t.detach() for t in (w, x, y, z))
    f, grads = vjp(_chain, inputs, torch.ones_like(inputs[0] + inputs[1] + inputs[2] + inputs[3]))
    return {"f": f, "w": grads[0], "x": grads[1], "y": grads[2], "z": grads[3]}
