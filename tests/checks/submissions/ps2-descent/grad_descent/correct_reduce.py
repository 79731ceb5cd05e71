# verdict: correct
# style: functools.reduce over range(n)
import math
from functools import reduce


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be non-negative")
    return float(reduce(lambda x, _: x - delta * (x - math.exp(-x)), range(n), float(x_start)))
