# verdict: broken
# style: torch.autograd.grad of the whole vector output
# mistake: autograd.grad of a non-scalar output without grad_outputs: RuntimeError whenever m > 1
import torch


def jacobian(F, x):
    xv = x.detach().clone().requires_grad_(True)
    (J,) = torch.autograd.grad(F(xv), xv)
    return J
