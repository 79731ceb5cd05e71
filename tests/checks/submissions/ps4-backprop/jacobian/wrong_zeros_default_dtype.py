# verdict: wrong
# style: fills torch.zeros(m, n)
# mistake: allocates J with torch.zeros(m, n): float32 on the CPU whatever x is
# differs-on: float64 inputs (float32 result) and CUDA inputs
import torch


def jacobian(F, x):
    xv = x.detach().clone().requires_grad_(True)
    y = F(xv)
    J = torch.zeros(y.shape[0], x.shape[0])
    for i in range(y.shape[0]):
        J[i] = torch.autograd.grad(y[i], xv, retain_graph=True)[0]
    return J
