# verdict: wrong
# style: -U^T (X - U V)
# mistake: forgets the factor 2 of the square
# differs-on: any input with X != UV
def grad_factorization(X, U, V):
    return -U.T @ (X - U @ V)
