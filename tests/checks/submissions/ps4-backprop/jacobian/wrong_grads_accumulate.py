# verdict: wrong
# style: .backward() per row without zeroing x.grad
# mistake: never zeroes xv.grad between rows, so row i holds the sum of the gradients of F_0..F_i
# differs-on: any F with two or more outputs
import torch


def jacobian(F, x):
    xv = x.detach().clone().requires_grad_(True)
    y = F(xv)
    rows = []
    for i in range(y.shape[0]):
        y[i].backward(retain_graph=True)
        rows.append(xv.grad.clone())
    return torch.stack(rows)
