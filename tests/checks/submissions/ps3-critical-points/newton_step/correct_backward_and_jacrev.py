# verdict: correct
# style: .backward() for the gradient, torch.func.jacrev(grad) for H
import torch


def newton_step(f, x):
    leaf = x.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        f(leaf).backward()
    H = torch.func.jacrev(torch.func.grad(f))(x.detach())
    return x.detach() - torch.linalg.solve(H, leaf.grad)
