# verdict: wrong
# style: plain v / ||v||
# mistake: no special case for the zero vector: 0/0 gives nan
# differs-on: v = 0
def grad_l2_norm(v):
    return v / v.norm()
