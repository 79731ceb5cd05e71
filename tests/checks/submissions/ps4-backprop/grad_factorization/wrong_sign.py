# verdict: wrong
# style: 2 U^T (X - U V)
# mistake: drops the minus sign that comes from d(X - UV)/dV
# differs-on: any input with X != UV
def grad_factorization(X, U, V):
    return 2 * U.T @ (X - U @ V)
