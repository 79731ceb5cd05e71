# verdict: wrong
# style: -2 U^T X
# mistake: keeps only the cross term and forgets the 2 U^T U V part
# differs-on: any input with UV != 0
def grad_factorization(X, U, V):
    # d/dV of -2 tr(X^T U V) term
    return -2 * U.T @ X
