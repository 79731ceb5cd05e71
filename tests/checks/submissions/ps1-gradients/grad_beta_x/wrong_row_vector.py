# verdict: wrong
# style: beta^T as a row vector
# mistake: returns beta^T as a (1, n) row vector instead of a tensor shaped like x
# differs-on: any input (shape (1, n))
def grad_beta_x(beta, x):
    # derivative of beta^T x is beta^T, a row vector
    return beta.unsqueeze(0).clone()
