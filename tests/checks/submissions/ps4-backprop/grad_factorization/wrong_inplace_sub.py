# verdict: wrong
# style: X.sub_(U @ V) for the residual
# mistake: computes the residual with X.sub_, overwriting the caller's X
# differs-on: any input with UV != 0 (X is modified)
def grad_factorization(X, U, V):
    residual = X.sub_(U @ V)
    return -2 * U.T @ residual
