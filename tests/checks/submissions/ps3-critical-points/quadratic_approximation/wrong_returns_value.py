# verdict: wrong
# style: evaluates instead of returning q
# mistake: returns the number f(point) instead of the function q
# differs-on: any input (a tensor instead of a function)
# written-by: the checks' authors (not the independent corpus)
import torch


def quadratic_approximation(f, point):
    with torch.no_grad():
        return f(point.detach().clone())
