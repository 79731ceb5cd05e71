# verdict: broken
# style: V.T() as a method
# mistake: calls the .T property: TypeError on every call
def grad_factorization_U(X, U, V):
    return -2 * (X - U @ V) @ V.T()
