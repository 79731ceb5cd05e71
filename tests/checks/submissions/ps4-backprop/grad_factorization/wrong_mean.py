# verdict: wrong
# style: gradient of the mean squared error
# mistake: divides by the number of entries (differentiates the mean, not the sum of squares)
# differs-on: any input with X != UV and more than one entry
def grad_factorization(X, U, V):
    return -2 * U.T @ (X - U @ V) / X.numel()
