# verdict: wrong
# style: functional.jacobian, squeezed
# mistake: squeezes the result, dropping a dimension of size 1
# differs-on: F with a single output (m = 1) or a single input (n = 1)
import torch


def jacobian(F, x):
    return torch.autograd.functional.jacobian(F, x.detach()).squeeze()
