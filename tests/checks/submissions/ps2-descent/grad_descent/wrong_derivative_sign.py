# verdict: wrong
# style: for loop
# mistake: differentiates e^(-x) as +e^(-x) (drops the inner derivative -1)
# differs-on: any n >= 1
import math


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = float(x_start)
    for _ in range(n):
        x = x - delta * (x + math.exp(-x))  # f'(x) = x + e^{-x}
    return x
