# verdict: correct
# style: autograd of torch.linalg.vector_norm
import torch


def grad_l2_norm(v):
    with torch.enable_grad():
        w = v.detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(torch.linalg.vector_norm(w), w)
    return g
