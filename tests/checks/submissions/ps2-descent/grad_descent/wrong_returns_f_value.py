# verdict: wrong
# style: for loop, returns f(x)
# mistake: returns f(x) at the final point instead of the point itself
# differs-on: any input
import math


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = float(x_start)
    for _ in range(n):
        x = x - delta * (x - math.exp(-x))
    return 0.5 * x**2 + math.exp(-x)
