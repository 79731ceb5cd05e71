# verdict: correct
# style: torch.autograd.functional.jvp
from torch.autograd.functional import jvp


def linear_approximation(f, point, eps):
    # jvp returns (f(point), J(point) @ eps); for scalar f that is eps . grad f
    value, directional = jvp(f, point, eps)
    return value + directional
