# verdict: wrong
# style: 2 A (A x - b)
# mistake: multiplies the residual by A instead of A^T
# differs-on: non-square A (shape error); square non-symmetric A (wrong values)
def grad_least_squares(A, x, b):
    return 2 * A @ (A @ x - b)
