# verdict: wrong
# style: x @ beta
# mistake: returns the value x^T beta instead of its gradient
# differs-on: any input (0-d instead of shape (n,))
# written-by: the checks' authors (not the independent corpus)
def grad_x_beta(beta, x):
    return x @ beta
