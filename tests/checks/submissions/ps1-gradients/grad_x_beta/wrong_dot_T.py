# verdict: wrong
# style: beta.T on a 1-D tensor
# mistake: beta.T of a 1-D tensor is beta's own memory (a view), not a new tensor
# differs-on: a caller who changes the result in place (beta changes too)
def grad_x_beta(beta, x):
    # (x^T beta)' = beta^T
    return beta.T
