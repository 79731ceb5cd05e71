# verdict: correct
# style: beta.detach().clone()
def grad_x_beta(beta, x):
    """Gradient of x^T beta with respect to x."""
    # x^T beta = beta^T x, a scalar, so the gradient is again beta
    return beta.detach().clone()
