# verdict: wrong
# style: loop with math.exp
# mistake: steps by the function value f(x) = x^2/2 + e^(-x) instead of its derivative
# differs-on: any n >= 1
# written-by: the checks' authors (not the independent corpus)
import math


def grad_descent(x_start, n, delta=0.1):
    x = float(x_start)
    for _ in range(n):
        x = x - delta * (0.5 * x * x + math.exp(-x))
    return x
