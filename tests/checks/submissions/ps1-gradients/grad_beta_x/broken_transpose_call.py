# verdict: broken
# style: beta.T()
# mistake: calls the .T property like a method: TypeError on every call
def grad_beta_x(beta, x):
    return beta.T()
