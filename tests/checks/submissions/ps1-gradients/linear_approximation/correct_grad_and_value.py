# verdict: correct
# style: torch.func.grad_and_value
from torch.func import grad_and_value


def linear_approximation(f, point, eps):
    g, v = grad_and_value(f)(point.detach())
    return v + g @ eps
