# verdict: hung
# style: while loop over the outputs
# mistake: never increments i: the loop runs forever for any F with at least one output
import torch


def jacobian(F, x):
    xv = x.detach().clone().requires_grad_(True)
    y = F(xv)
    rows = []
    i = 0
    while i < y.shape[0]:
        rows.append(torch.autograd.grad(y[i], xv, retain_graph=True)[0])
    return torch.stack(rows)
