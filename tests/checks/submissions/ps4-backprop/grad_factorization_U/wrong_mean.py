# verdict: wrong
# style: gradient of the mean squared error
# mistake: differentiates the mean of the squared entries instead of their sum
# differs-on: any input with X != UV and more than one entry
def grad_factorization_U(X, U, V):
    m, n = X.shape
    return -2 * (X - U @ V) @ V.T / (m * n)
