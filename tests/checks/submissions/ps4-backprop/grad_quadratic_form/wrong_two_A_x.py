# verdict: wrong
# style: 2 * A @ x
# mistake: uses 2Ax, which is only right for symmetric A
# differs-on: any non-symmetric A
def grad_quadratic_form(A, x):
    # like (a x^2)' = 2 a x
    return 2 * A @ x
