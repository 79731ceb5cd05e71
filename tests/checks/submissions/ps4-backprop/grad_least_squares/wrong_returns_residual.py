# verdict: wrong
# style: 2 (A x - b)
# mistake: returns the gradient with respect to the residual, shape (m,), without the chain rule through A
# differs-on: any input (shape (m,) instead of (n,), or wrong values when m = n)
def grad_least_squares(A, x, b):
    return 2 * (A @ x - b)
