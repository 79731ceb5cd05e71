# verdict: correct
# style: while loop with a counter and a derivative helper
import math


def _fprime(x):
    return x - math.exp(-x)


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError(f"negative number of steps: {n}")
    x = float(x_start)
    k = 0
    while k < n:
        x -= delta * _fprime(x)
        k += 1
    return x
