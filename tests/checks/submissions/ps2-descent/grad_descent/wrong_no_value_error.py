# verdict: wrong
# style: for loop, no check of n
# mistake: does not raise ValueError for a negative n (returns the start point)
# differs-on: negative n
import math


def grad_descent(x_start, n, delta=0.1):
    x = float(x_start)
    for _ in range(n):
        x = x - delta * (x - math.exp(-x))
    return x
