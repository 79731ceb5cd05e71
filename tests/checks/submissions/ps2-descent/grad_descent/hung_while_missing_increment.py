# verdict: hung
# style: while loop with a counter that is never increased
# mistake: forgets i += 1, so the loop never ends for n >= 1
import math


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = float(x_start)
    i = 0
    while i < n:
        x = x - delta * (x - math.exp(-x))
    return x
