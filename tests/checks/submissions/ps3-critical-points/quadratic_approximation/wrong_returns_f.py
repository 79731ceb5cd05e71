# verdict: wrong
# style: q = f
# mistake: returns f itself instead of its quadratic approximation
# differs-on: any non-quadratic f
# written-by: the checks' authors (not the independent corpus)
import torch


def quadratic_approximation(f, point):
    def q(x):
        with torch.no_grad():
            return f(x)

    return q
