# verdict: wrong
# style: r = b; r -= A @ x
# mistake: r = b does not copy, so r -= A @ x overwrites the caller's b
# differs-on: any input with Ax != 0 (b is modified)
def grad_least_squares(A, x, b):
    r = b
    r -= A @ x  # r = b - A x
    return -2 * A.T @ r
