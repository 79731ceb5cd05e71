# verdict: wrong
# style: 2v
# mistake: returns the gradient of ||v||^2 instead of ||v||
# differs-on: any nonzero v
def grad_l2_norm(v):
    # d/dv (v . v) = 2v
    return 2 * v
