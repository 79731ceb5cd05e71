# verdict: wrong
# style: returns beta.tolist()
# mistake: returns a Python list instead of a tensor
# differs-on: any input (type of the result)
def grad_x_beta(beta, x):
    return beta.tolist()
