# verdict: wrong
# style: functional.hessian in double precision
# mistake: evaluates in float64 and returns float64
# differs-on: float32 points
import torch


def hessian(f, point):
    return torch.autograd.functional.hessian(f, point.detach().double())
