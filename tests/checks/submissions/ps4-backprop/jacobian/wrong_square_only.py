# verdict: wrong
# style: loops over range(len(x)) for the rows
# mistake: assumes m = n and sizes the Jacobian n x n
# differs-on: any F with m != n (IndexError or an n x n result)
import torch


def jacobian(F, x):
    xv = x.detach().clone().requires_grad_(True)
    y = F(xv)
    J = torch.zeros(len(x), len(x), dtype=x.dtype, device=x.device)
    for i in range(len(x)):
        J[i] = torch.autograd.grad(y[i], xv, retain_graph=True)[0]
    return J
