# verdict: correct
# style: torch.linalg.lstsq for the linear system
import torch


def newton_step(f, x):
    p = x.detach().clone()
    with torch.enable_grad():
        q = p.clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(f(q), q)
    H = torch.autograd.functional.hessian(f, p)
    step = torch.linalg.lstsq(H, grad.unsqueeze(1)).solution.squeeze(1)
    return p - step
