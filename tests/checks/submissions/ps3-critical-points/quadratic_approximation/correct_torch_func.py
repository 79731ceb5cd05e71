# verdict: correct
# style: torch.func.grad_and_value and torch.func.hessian
from torch.func import grad_and_value, hessian


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    g, f0 = grad_and_value(f)(x0)
    H = hessian(f)(x0)

    def q(x):
        step = x - x0
        return f0 + g @ step + 0.5 * step @ H @ step

    return q
