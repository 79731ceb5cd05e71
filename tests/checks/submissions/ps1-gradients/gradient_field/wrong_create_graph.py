# verdict: wrong
# style: many-points trick with create_graph=True
# mistake: keeps create_graph=True, so U and V are returned attached to a graph
# differs-on: any f whose gradient is not constant (U.requires_grad is True)
import torch


def gradient_field(f, X, Y):
    P = torch.stack([X.flatten(), Y.flatten()], dim=1).clone().requires_grad_(True)
    total = torch.stack([f(row) for row in P]).sum()
    (G,) = torch.autograd.grad(total, P, create_graph=True)
    return G[:, 0].reshape(X.shape), G[:, 1].reshape(X.shape)
