# verdict: wrong
# style: beta[:] slice
# mistake: beta[:] is a view sharing beta's memory, not a new tensor
# differs-on: a caller who changes the result in place (beta changes too)
def grad_beta_x(beta, x):
    return beta[:]
