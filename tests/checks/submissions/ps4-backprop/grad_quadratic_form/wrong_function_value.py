# verdict: wrong
# style: x @ A @ x
# mistake: returns the value x^T A x instead of its gradient
# differs-on: any input (0-d instead of (d,))
def grad_quadratic_form(A, x):
    return x @ A @ x
