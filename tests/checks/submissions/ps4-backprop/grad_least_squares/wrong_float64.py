# verdict: wrong
# style: computed in double precision
# mistake: converts to float64 and returns float64
# differs-on: float32 inputs
def grad_least_squares(A, x, b):
    A64, x64, b64 = A.double(), x.double(), b.double()
    return 2 * A64.T @ (A64 @ x64 - b64)
