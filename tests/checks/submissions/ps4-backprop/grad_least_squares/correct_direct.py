# verdict: correct
# style: 2 A^T (A x - b)
def grad_least_squares(A, x, b):
    """Gradient of ||A x - b||^2 with respect to x: 2 A^T (A x - b)."""
    return 2 * A.T @ (A @ x - b)
