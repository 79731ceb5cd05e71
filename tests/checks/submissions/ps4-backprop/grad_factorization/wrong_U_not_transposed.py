# verdict: wrong
# style: -2 U @ (X - U V)
# mistake: multiplies by U instead of U^T
# differs-on: non-square U (shape error); square non-symmetric U (wrong values)
def grad_factorization(X, U, V):
    return -2 * U @ (X - U @ V)
