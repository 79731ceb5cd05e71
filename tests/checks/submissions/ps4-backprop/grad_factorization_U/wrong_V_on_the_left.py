# verdict: wrong
# style: matrix formula
# mistake: multiplies the residual by V^T on the left: -2 V^T (X - UV)
# differs-on: non-square shapes (a shape error); square U, V, X (wrong values)
# written-by: the checks' authors (not the independent corpus)
def grad_factorization_U(X, U, V):
    return -2 * V.T @ (X - U @ V)
