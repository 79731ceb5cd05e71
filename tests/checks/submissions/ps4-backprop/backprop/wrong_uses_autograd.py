# verdict: wrong
# style: torch autograd instead of a hand-written backward pass
# mistake: uses autograd, which the exercise forbids: it fails inside torch.no_grad() and turns floats into tensors
# differs-on: calls inside torch.no_grad() (RuntimeError) and Python float inputs
import torch


def backprop(w, x, y, z):
    leaves = [torch.as_tensor(t).detach().clone().requires_grad_(True) for t in (w, x, y, z)]
    W, X, Y, Z = leaves
    a = (W + X + Y + Z) ** 2
    b = (W + X - Y - Z) ** 2
    f = ((a + b) ** 2 + (a - b) ** 2) ** 2
    grads = torch.autograd.grad(f.sum(), leaves)
    return {"f": f.detach(), "w": grads[0], "x": grads[1], "y": grads[2], "z": grads[3]}
