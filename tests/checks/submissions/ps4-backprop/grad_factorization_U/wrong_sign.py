# verdict: wrong
# style: 2 (X - U V) V^T
# mistake: drops the minus sign of d(X - UV)/dU
# differs-on: any input with X != UV
def grad_factorization_U(X, U, V):
    return 2 * (X - U @ V) @ V.T
