# verdict: correct
# style: for loop with math.exp
import math


def grad_descent(x_start, n, delta=0.1):
    """Gradient descent on f(x) = x**2 / 2 + exp(-x)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    x = float(x_start)
    for _ in range(n):
        x = x - delta * (x - math.exp(-x))
    return x
