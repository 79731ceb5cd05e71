# verdict: wrong
# style: fills torch.zeros(d, d)
# mistake: allocates the result with torch.zeros(d, d): float32 on the CPU whatever the point is
# differs-on: float64 points (float32 result) and CUDA points
import torch


def hessian(f, point):
    d = point.numel()
    H = torch.zeros(d, d)
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x, create_graph=True)
    for i in range(d):
        H[i] = torch.autograd.grad(g[i], x, retain_graph=True)[0]
    return H
