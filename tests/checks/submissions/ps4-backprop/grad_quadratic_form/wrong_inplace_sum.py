# verdict: wrong
# style: accumulates A + A^T into A itself
# mistake: S = A; S += A.T.clone() adds into the caller's matrix A in place
# differs-on: any nonzero A (A is modified)
def grad_quadratic_form(A, x):
    S = A
    S += A.T.clone()  # S = A + A^T
    return S @ x
