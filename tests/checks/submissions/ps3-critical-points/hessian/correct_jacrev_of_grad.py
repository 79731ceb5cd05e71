# verdict: correct
# style: torch.func.jacrev(torch.func.grad(f))
import torch


def hessian(f, point):
    # the Hessian is the Jacobian of the gradient
    return torch.func.jacrev(torch.func.grad(f))(point.detach())
