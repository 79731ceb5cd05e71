# verdict: correct
# style: 2 (A^T A x - A^T b)
def grad_least_squares(A, x, b):
    AtA = A.T @ A
    Atb = A.T @ b
    return 2 * (AtA @ x - Atb)
