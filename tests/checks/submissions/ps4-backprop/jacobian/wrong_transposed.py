# verdict: wrong
# style: gradients stacked as columns
# mistake: stacks the gradients of the outputs as columns, giving the n x m transpose
# differs-on: m != n (shape); square Jacobians that are not symmetric, e.g. [[2, 1], [cos 1, 0]]
import torch


def jacobian(F, x):
    xv = x.detach().clone().requires_grad_(True)
    y = F(xv)
    grads = [torch.autograd.grad(y[i], xv, retain_graph=True)[0] for i in range(len(y))]
    return torch.stack(grads, dim=1)
