# verdict: wrong
# style: for loop with a convergence break
# mistake: stops early once |f'(x)| < 1e-6 instead of taking exactly n steps
# differs-on: large n, e.g. grad_descent(-1, 300) stops about 1e-6 short of the 300-step iterate
import math


def grad_descent(x_start, n, delta=0.1):
    if n < 0:
        raise ValueError("n must be >= 0")
    x = float(x_start)
    for _ in range(n):
        g = x - math.exp(-x)
        if abs(g) < 1e-6:  # converged, no need to continue
            break
        x = x - delta * g
    return x
