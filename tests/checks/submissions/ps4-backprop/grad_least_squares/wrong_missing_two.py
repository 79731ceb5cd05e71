# verdict: wrong
# style: A^T (A x - b)
# mistake: forgets the factor 2 of the square
# differs-on: any input with A^T (Ax - b) != 0
def grad_least_squares(A, x, b):
    return A.T @ (A @ x - b)
