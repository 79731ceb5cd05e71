# verdict: wrong
# style: numpy products
# mistake: returns a numpy array instead of a tensor
# differs-on: any input (type of the result)


def grad_factorization(X, U, V):
    Xn, Un, Vn = X.numpy(), U.numpy(), V.numpy()
    return -2 * Un.T @ (Xn - Un @ Vn)
