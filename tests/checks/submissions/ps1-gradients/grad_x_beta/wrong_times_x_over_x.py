# verdict: wrong
# style: beta * x / x
# mistake: writes the gradient as (beta * x) / x, which is nan wherever x has a zero entry
# differs-on: x with a zero entry
def grad_x_beta(beta, x):
    return beta * x / x
