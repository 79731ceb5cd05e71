# verdict: wrong
# style: R = X then R -= U @ V
# mistake: R = X does not copy, so R -= U @ V changes the caller's X
# differs-on: any input with UV != 0 (X is modified)
def grad_factorization(X, U, V):
    R = X
    R -= U @ V
    return -2 * U.T @ R
