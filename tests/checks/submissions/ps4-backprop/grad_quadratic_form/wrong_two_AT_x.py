# verdict: wrong
# style: 2 * A.T @ x
# mistake: uses 2A^T x, which is only right for symmetric A
# differs-on: any non-symmetric A
def grad_quadratic_form(A, x):
    return 2 * (A.T @ x)
