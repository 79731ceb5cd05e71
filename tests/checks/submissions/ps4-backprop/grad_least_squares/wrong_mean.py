# verdict: wrong
# style: gradient of the mean squared residual
# mistake: differentiates the mean of the squared residuals, dividing by m
# differs-on: any m > 1 with a nonzero gradient
def grad_least_squares(A, x, b):
    m = A.shape[0]
    return 2 * A.T @ (A @ x - b) / m
