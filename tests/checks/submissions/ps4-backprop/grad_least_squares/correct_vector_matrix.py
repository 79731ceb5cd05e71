# verdict: correct
# style: 2 (A x - b) @ A
def grad_least_squares(A, x, b):
    r = A @ x - b  # residual, shape (m,)
    return 2 * (r @ A)  # r^T A = (A^T r)^T
