# verdict: wrong
# style: central differences, h = 1e-5
# mistake: finite differences instead of autograd
# differs-on: float32 inputs (error ~1e-2 to 1e-3) and any F with large third derivatives
import torch


def jacobian(F, x):
    h = 1e-5
    cols = []
    for j in range(x.numel()):
        e = torch.zeros_like(x)
        e[j] = h
        cols.append((F(x + e) - F(x - e)) / (2 * h))
    return torch.stack(cols, dim=1)
