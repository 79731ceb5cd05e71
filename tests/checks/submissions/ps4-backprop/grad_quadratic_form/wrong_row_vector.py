# verdict: wrong
# style: x^T (A + A^T) as a (1, d) matrix
# mistake: returns the row vector x^T (A + A^T) of shape (1, d) instead of shape (d,)
# differs-on: any input (shape (1, d))
def grad_quadratic_form(A, x):
    return x.unsqueeze(0) @ (A + A.T)
