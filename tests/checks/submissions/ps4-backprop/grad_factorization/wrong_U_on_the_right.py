# verdict: wrong
# style: matrix formula
# mistake: multiplies the residual by U^T on the right: -2 (X - UV) U^T
# differs-on: non-square shapes (a shape error); square U, V, X (wrong values)
# written-by: the checks' authors (not the independent corpus)
def grad_factorization(X, U, V):
    return -2 * (X - U @ V) @ U.T
