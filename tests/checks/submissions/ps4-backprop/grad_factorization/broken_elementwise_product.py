# verdict: broken
# style: U * V instead of U @ V
# mistake: U * V is elementwise and the shapes (m, k), (k, n) do not broadcast: RuntimeError
def grad_factorization(X, U, V):
    return -2 * U.T @ (X - U * V)
