# verdict: correct
# style: transpose of the V-style formula: -2 (V (X - UV)^T)^T
def grad_factorization_U(X, U, V):
    R = X - U @ V
    return (-2 * V @ R.T).T.contiguous()
