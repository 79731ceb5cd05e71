# verdict: wrong
# style: beta as a column vector
# mistake: returns an (n, 1) column vector instead of a tensor shaped like x
# differs-on: any input (shape (n, 1))
def grad_x_beta(beta, x):
    return beta.reshape(-1, 1).clone()
