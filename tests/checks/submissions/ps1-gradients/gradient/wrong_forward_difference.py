# verdict: wrong
# style: torch forward differences, h = 1e-4
# mistake: approximates the gradient with forward differences (error of order h = 1e-4) instead of using autograd
# differs-on: any non-linear f, e.g. 2x^2 + xy in float64 (error about 2e-4)
import torch


def gradient(f, point):
    h = 1e-4
    base = f(point)
    out = torch.zeros_like(point)
    for i in range(point.numel()):
        step = torch.zeros_like(point)
        step[i] = h
        out[i] = (f(point + step) - base) / h
    return out
