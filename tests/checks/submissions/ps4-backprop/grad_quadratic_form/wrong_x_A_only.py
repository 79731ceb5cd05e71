# verdict: wrong
# style: x @ A
# mistake: keeps only x^T A (= A^T x), dropping A x
# differs-on: any nonzero x for generic A
def grad_quadratic_form(A, x):
    return x @ A
