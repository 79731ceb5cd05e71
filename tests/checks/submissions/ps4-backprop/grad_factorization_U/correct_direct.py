# verdict: correct
# style: -2 (X - U V) V^T
def grad_factorization_U(X, U, V):
    """Gradient of ||X - U V||_F^2 with respect to U: -2 (X - U V) V^T."""
    return -2 * (X - U @ V) @ V.T
