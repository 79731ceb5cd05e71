# verdict: wrong
# style: -2 X V^T
# mistake: keeps only the cross term and forgets 2 U V V^T
# differs-on: any input with UV != 0
def grad_factorization_U(X, U, V):
    return -2 * X @ V.T
