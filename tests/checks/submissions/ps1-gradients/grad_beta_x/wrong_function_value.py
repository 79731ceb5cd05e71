# verdict: wrong
# style: returns beta @ x
# mistake: returns the value beta^T x instead of its gradient
# differs-on: any input (0-d instead of shape (n,))
def grad_beta_x(beta, x):
    return beta @ x
