# verdict: wrong
# style: loop over range(1, n)
# mistake: takes n - 1 steps instead of n
# differs-on: any n >= 2
# written-by: the checks' authors (not the independent corpus)
import math


def grad_descent(x_start, n, delta=0.1):
    x = float(x_start)
    for _ in range(1, n):
        x = x - delta * (x - math.exp(-x))
    return x
