# verdict: wrong
# style: autograd.grad with create_graph=True
# mistake: keeps create_graph=True and does not detach, so the returned gradient is attached to a graph
# differs-on: any f whose gradient depends on the point (result.requires_grad is True)
import torch


def gradient(f, point):
    p = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(p), p, create_graph=True)
    return g
