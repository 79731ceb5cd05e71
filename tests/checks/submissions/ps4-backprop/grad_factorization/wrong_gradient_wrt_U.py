# verdict: wrong
# style: -2 (X - U V) V^T
# mistake: returns the gradient with respect to U instead of V
# differs-on: any input (shape (m, k) instead of (k, n))
def grad_factorization(X, U, V):
    return -2 * (X - U @ V) @ V.T
