# verdict: wrong
# style: -(X - U V) V^T
# mistake: forgets the factor 2
# differs-on: any input with X != UV
def grad_factorization_U(X, U, V):
    return -(X - U @ V) @ V.T
