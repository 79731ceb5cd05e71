# verdict: wrong
# style: expanded normal form
# mistake: differentiates the cross term -2 b^T A x to -A^T b instead of -2 A^T b
# differs-on: any b with A^T b != 0
# written-by: the checks' authors (not the independent corpus)
def grad_least_squares(A, x, b):
    return 2 * A.T @ (A @ x) - A.T @ b
