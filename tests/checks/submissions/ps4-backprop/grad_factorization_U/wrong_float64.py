# verdict: wrong
# style: computed in double precision
# mistake: converts to float64 and returns float64
# differs-on: float32 inputs
def grad_factorization_U(X, U, V):
    X, U, V = X.double(), U.double(), V.double()
    return -2 * (X - U @ V) @ V.T
