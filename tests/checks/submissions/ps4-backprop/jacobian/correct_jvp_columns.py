# verdict: correct
# style: forward-mode jvp per input direction, stacked as columns
import torch


def jacobian(F, x):
    p = x.detach()
    n = p.shape[0]
    cols = []
    for j in range(n):
        e = torch.zeros_like(p)
        e[j] = 1
        _, col = torch.func.jvp(F, (p,), (e,))
        cols.append(col)
    if not cols:
        m = F(p).shape[0]
        return torch.zeros(m, 0, dtype=p.dtype, device=p.device)
    return torch.stack(cols, dim=1)
