# verdict: wrong
# style: 2 * beta
# mistake: puts in a factor 2 as for x^T x
# differs-on: any beta != 0
def grad_beta_x(beta, x):
    return 2 * beta
