# verdict: correct
# style: numpy float64 arithmetic, float() at the end
import numpy as np


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = np.float64(x_start)
    for _step in range(n):
        grad = x - np.exp(-x)
        x = x - delta * grad
    return float(x)
