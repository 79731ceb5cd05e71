# verdict: correct
# style: torch.autograd.functional.jacobian of a create_graph gradient
import torch
from torch.autograd.functional import jacobian


def hessian(f, point):
    def grad_f(x):
        return torch.autograd.grad(f(x), x, create_graph=True)[0]

    return jacobian(grad_f, point.detach()).detach()
