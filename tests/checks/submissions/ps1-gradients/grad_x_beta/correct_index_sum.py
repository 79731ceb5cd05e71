# verdict: correct
# style: component-wise derivative of sum_i x_i beta_i in a list comprehension
import torch


def grad_x_beta(beta, x):
    # d/dx_k sum_i x_i beta_i = beta_k, for every k
    comps = [beta[k].detach() for k in range(x.shape[0])]
    if not comps:
        return torch.empty_like(x)
    return torch.stack(comps)
