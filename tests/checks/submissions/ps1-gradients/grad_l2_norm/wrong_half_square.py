# verdict: wrong
# style: v itself
# mistake: returns v, the gradient of ||v||^2 / 2, instead of v / ||v||
# differs-on: any v with ||v|| != 1
# written-by: the checks' authors (not the independent corpus)
def grad_l2_norm(v):
    return v.clone()
