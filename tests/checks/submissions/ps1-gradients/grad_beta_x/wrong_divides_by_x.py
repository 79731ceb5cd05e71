# verdict: wrong
# style: the value divided elementwise by x
# mistake: writes the gradient as (beta * x) / x, which is nan wherever x has a zero entry
# differs-on: x with a zero entry
# written-by: the checks' authors (not the independent corpus)
def grad_beta_x(beta, x):
    return (beta * x) / x
