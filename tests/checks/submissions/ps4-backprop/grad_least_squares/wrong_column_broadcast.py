# verdict: wrong
# style: x as a column vector
# mistake: makes Ax a column (m, 1) but leaves b of shape (m,), so the subtraction broadcasts to (m, m)
# differs-on: any m > 1 (result of shape (n, m))
def grad_least_squares(A, x, b):
    r = A @ x.unsqueeze(1) - b  # column residual
    return 2 * A.T @ r
