# verdict: correct
# style: (A + A.T) @ x
def grad_quadratic_form(A, x):
    """Gradient of x^T A x with respect to x: (A + A^T) x."""
    return (A + A.T) @ x
