# verdict: wrong
# style: loop with math.exp, range(n + 1)
# mistake: takes n + 1 steps instead of n
# differs-on: any n
# written-by: the checks' authors (not the independent corpus)
import math


def multi_grad_descent(x_start, y_start, n, delta=0.1):
    x, y = float(x_start), float(y_start)
    for _ in range(n + 1):
        x, y = (
            x - delta * (4 * x - 3 * math.exp(-3 * x)),
            y - delta * (8 * y - 6 * math.exp(-2 * y)),
        )
    return x, y
