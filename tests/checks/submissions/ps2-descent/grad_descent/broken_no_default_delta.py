# verdict: broken
# style: signature without the default for delta
# mistake: drops the default delta=0.1 from the signature: grad_descent(-1, 100) raises TypeError
import math


def grad_descent(x_start, n, delta):
    x = float(x_start)
    for _ in range(n):
        x = x - delta * (x - math.exp(-x))
    return x
