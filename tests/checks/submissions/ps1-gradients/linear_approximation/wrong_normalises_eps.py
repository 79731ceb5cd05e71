# verdict: wrong
# style: autograd.grad, eps normalised like a direction
# mistake: normalises eps as if it were a direction, losing its length
# differs-on: any eps whose length is not 1
import torch


def linear_approximation(f, point, eps):
    x = point.detach().clone().requires_grad_(True)
    fx = f(x)
    (g,) = torch.autograd.grad(fx, x)
    u = eps / eps.norm()
    return (fx + torch.dot(u, g)).detach()
