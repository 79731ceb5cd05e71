# verdict: wrong
# style: returns a copy of x
# mistake: returns x instead of beta
# differs-on: any input with x != beta
def grad_x_beta(beta, x):
    # x^T beta: the x is in front, so the derivative is x
    return x.detach().clone()
