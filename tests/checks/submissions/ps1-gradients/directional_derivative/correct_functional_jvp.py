# verdict: correct
# style: torch.autograd.functional.jvp
from torch.autograd.functional import jvp


def directional_derivative(f, point, direction):
    length = direction.norm()
    if not length > 0:
        raise ValueError("direction has length zero")
    _, d = jvp(f, point.detach(), (direction / length).detach())
    return d
