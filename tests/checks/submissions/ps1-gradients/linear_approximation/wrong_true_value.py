# verdict: wrong
# style: evaluates f at point + eps
# mistake: returns the true value f(point + eps) instead of the linear approximation
# differs-on: any non-linear f, e.g. log(e^x + e^y) (1.0821 instead of 1.0819)
import torch


def linear_approximation(f, point, eps):
    with torch.no_grad():
        return f(point + eps)
