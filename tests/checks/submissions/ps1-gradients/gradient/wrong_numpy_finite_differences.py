# verdict: wrong
# style: numpy central finite differences
# mistake: finite differences in numpy instead of autograd, returned as a float64 CPU tensor
# differs-on: float32 points (float64 result), CUDA points, and any f where h = 1e-6 differences are inexact
import numpy as np
import torch


def gradient(f, point):
    p = point.detach().cpu().numpy().astype(np.float64)
    h = 1e-6
    g = np.zeros_like(p)
    for i in range(len(p)):
        e = np.zeros_like(p)
        e[i] = h
        fp = f(torch.from_numpy(p + e)).item()
        fm = f(torch.from_numpy(p - e)).item()
        g[i] = (fp - fm) / (2 * h)
    return torch.from_numpy(g)
