# verdict: correct
# style: autograd through torch.logsumexp, sum trick
import torch


def logsumexp_grad(x, y):
    with torch.enable_grad():
        xb, yb = (t.detach().clone().requires_grad_(True) for t in torch.broadcast_tensors(x, y))
        L = torch.logsumexp(torch.stack([xb, yb]), dim=0)
        gx, gy = torch.autograd.grad(L.sum(), (xb, yb))
    return gx, gy
