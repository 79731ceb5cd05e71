# verdict: wrong
# style: -2 V (X - U V)^T
# mistake: returns the transpose of the gradient, shape (k, m) instead of (m, k)
# differs-on: any input with m != k (shape); square cases unless the gradient is symmetric
def grad_factorization_U(X, U, V):
    return -2 * V @ (X - U @ V).T
