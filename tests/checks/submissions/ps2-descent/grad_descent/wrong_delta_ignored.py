# verdict: wrong
# style: for loop with 0.1 written in
# mistake: hard-codes the step size 0.1 instead of using delta
# differs-on: any delta != 0.1
import math


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = float(x_start)
    for _ in range(n):
        x = x - 0.1 * (x - math.exp(-x))
    return x
