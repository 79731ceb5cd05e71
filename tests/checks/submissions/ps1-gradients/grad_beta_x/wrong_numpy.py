# verdict: wrong
# style: returns a numpy copy
# mistake: returns a numpy array instead of a tensor
# differs-on: any input (type of the result)
def grad_beta_x(beta, x):
    return beta.numpy().copy()
