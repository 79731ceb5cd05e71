# verdict: wrong
# style: A @ x
# mistake: keeps only the term where the derivative hits the second x (Ax), dropping A^T x
# differs-on: any A with (A + A^T) x != A x, i.e. any nonzero x for generic A
def grad_quadratic_form(A, x):
    return A @ x
