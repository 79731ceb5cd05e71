# verdict: wrong
# style: 2 A^T (b - A x)
# mistake: uses the residual b - Ax, flipping the sign
# differs-on: any input with A^T (Ax - b) != 0
def grad_least_squares(A, x, b):
    return 2 * A.T @ (b - A @ x)
