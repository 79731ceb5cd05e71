# verdict: wrong
# style: returns a copy of x
# mistake: returns x instead of beta (mixes up which vector is the variable)
# differs-on: any input with x != beta
def grad_beta_x(beta, x):
    return x.clone()
