# verdict: correct
# style: expanded 2 U V V^T - 2 X V^T
def grad_factorization_U(X, U, V):
    VVt = V @ V.T
    return 2 * U @ VVt - 2 * X @ V.T
