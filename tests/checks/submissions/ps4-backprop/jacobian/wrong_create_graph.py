# verdict: wrong
# style: row loop with create_graph=True
# mistake: keeps create_graph=True and never detaches, so J is attached to a graph
# differs-on: any non-linear F (J.requires_grad is True)
import torch


def jacobian(F, x):
    xv = x.detach().clone().requires_grad_(True)
    y = F(xv)
    return torch.stack(
        [torch.autograd.grad(y[i], xv, create_graph=True)[0] for i in range(y.numel())]
    )
