# verdict: correct
# style: .to(..., copy=True)
def grad_beta_x(beta, x):
    return beta.detach().to(dtype=x.dtype, device=x.device, copy=True)
