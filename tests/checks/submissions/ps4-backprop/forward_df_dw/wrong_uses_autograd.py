# verdict: wrong
# style: torch autograd instead of the hand-written forward mode
# mistake: uses autograd, which the exercise forbids: Python floats come back as tensors and it fails under torch.no_grad()
# differs-on: Python float inputs (0-d tensors, not floats) and calls inside torch.no_grad() (RuntimeError)
import torch


def forward_df_dw(w, x, y, z):
    wl = torch.as_tensor(w).detach().clone().requires_grad_(True)
    a = (wl + x + y + z) ** 2
    b = (wl + x - y - z) ** 2
    f = ((a + b) ** 2 + (a - b) ** 2) ** 2
    (df,) = torch.autograd.grad(f.sum(), wl)
    return f.detach(), df
