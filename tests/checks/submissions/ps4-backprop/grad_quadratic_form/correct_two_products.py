# verdict: correct
# style: A @ x + A.T @ x
def grad_quadratic_form(A, x):
    Ax = A @ x
    ATx = A.T @ x
    return Ax + ATx
