# verdict: correct
# style: torch.func.jvp: value and eps . grad in one forward pass
import torch


def linear_approximation(f, point, eps):
    value, tangent = torch.func.jvp(f, (point.detach(),), (eps.detach(),))
    return value + tangent
