# verdict: wrong
# style: -2 U^T (X - U V)
# mistake: returns the gradient with respect to V (copied from grad_factorization)
# differs-on: any input (shape (k, n) instead of (m, k))
def grad_factorization_U(X, U, V):
    return -2 * U.T @ (X - U @ V)
