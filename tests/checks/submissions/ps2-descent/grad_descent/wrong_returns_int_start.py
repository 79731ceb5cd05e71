# verdict: wrong
# style: for loop, no float() conversion
# mistake: never converts x_start to float, so n = 0 with an int start returns an int
# differs-on: n = 0 with an int x_start, e.g. grad_descent(2, 0) returns 2, not 2.0
import math


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = x_start
    for _ in range(n):
        x = x - delta * (x - math.exp(-x))
    return x
