# verdict: correct
# style: -2 U.T @ (X - U @ V)
def grad_factorization(X, U, V):
    """Gradient of ||X - U V||_F^2 with respect to V: -2 U^T (X - U V)."""
    return -2 * U.T @ (X - U @ V)
