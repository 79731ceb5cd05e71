# verdict: wrong
# style: per-coordinate values collected with .item()
# mistake: rebuilds the result with torch.tensor(list of floats): default float32 on the CPU
# differs-on: float64 points (and CUDA points)
import torch


def gradient(f, point):
    x = point.detach().clone().requires_grad_(True)
    grads = torch.autograd.grad(f(x), x)[0]
    return torch.tensor([g.item() for g in grads])
