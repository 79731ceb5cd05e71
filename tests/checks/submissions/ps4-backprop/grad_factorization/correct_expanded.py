# verdict: correct
# style: expanded 2 U^T U V - 2 U^T X
def grad_factorization(X, U, V):
    UtU = U.T @ U
    return 2 * (UtU @ V) - 2 * (U.T @ X)
