# verdict: wrong
# style: autograd.grad, dot with the point
# mistake: takes the dot product of the gradient with the point instead of with eps
# differs-on: any input where the point and eps differ
import torch


def linear_approximation(f, point, eps):
    x = point.detach().clone().requires_grad_(True)
    y = f(x)
    (g,) = torch.autograd.grad(y, x)
    return (y + torch.dot(g, point)).detach()
