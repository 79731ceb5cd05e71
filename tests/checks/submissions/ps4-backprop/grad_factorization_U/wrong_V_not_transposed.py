# verdict: wrong
# style: -2 (X - U V) V
# mistake: multiplies by V instead of V^T
# differs-on: n != k (shape error); square non-symmetric V (wrong values)
def grad_factorization_U(X, U, V):
    return -2 * (X - U @ V) @ V
