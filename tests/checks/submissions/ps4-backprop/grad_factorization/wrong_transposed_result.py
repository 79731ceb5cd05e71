# verdict: wrong
# style: -2 (X - U V)^T U
# mistake: returns the transpose of the gradient, shape (n, k) instead of (k, n)
# differs-on: any input with k != n (shape); square cases unless the gradient is symmetric
def grad_factorization(X, U, V):
    return -2 * (X - U @ V).T @ U
