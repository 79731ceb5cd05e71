# verdict: correct
# style: beta.detach().clone()
def grad_beta_x(beta, x):
    """Gradient of beta^T x with respect to x."""
    # d/dx_k sum_i beta_i x_i = beta_k
    return beta.detach().clone()
