# verdict: broken
# style: A.transpose() without dimensions
# mistake: Tensor.transpose needs two dimensions: TypeError on every call
def grad_quadratic_form(A, x):
    return (A + A.transpose()) @ x
