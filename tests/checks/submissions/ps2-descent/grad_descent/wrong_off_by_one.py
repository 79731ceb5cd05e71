# verdict: wrong
# style: for loop over range(n + 1)
# mistake: takes n + 1 steps instead of n
# differs-on: any n (e.g. n = 0 returns one step from the start)
import math


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = float(x_start)
    for _ in range(n + 1):
        x = x - delta * (x - math.exp(-x))
    return x
