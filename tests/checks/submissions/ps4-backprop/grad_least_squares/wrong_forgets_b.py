# verdict: wrong
# style: 2 A^T A x
# mistake: drops b from the residual
# differs-on: any b with A^T b != 0
def grad_least_squares(A, x, b):
    return 2 * A.T @ A @ x
