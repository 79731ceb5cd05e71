# verdict: wrong
# style: returns beta
# mistake: returns the input object beta instead of a new tensor
# differs-on: a caller who changes the result in place (beta changes too); an identity check
def grad_x_beta(beta, x):
    return beta
