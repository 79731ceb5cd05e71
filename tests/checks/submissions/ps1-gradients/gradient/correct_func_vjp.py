# verdict: correct
# style: torch.func.vjp with a ones cotangent
import torch


def gradient(f, point):
    value, pullback = torch.func.vjp(f, point.detach())
    (g,) = pullback(torch.ones_like(value))
    return g
