# verdict: wrong
# style: recursion on n
# mistake: recurses once per step, so Python's recursion limit is hit for large n
# differs-on: n >= about 1000 (RecursionError)
import math


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return float(x_start)
    x = grad_descent(x_start, n - 1, delta)
    return x - delta * (x - math.exp(-x))
