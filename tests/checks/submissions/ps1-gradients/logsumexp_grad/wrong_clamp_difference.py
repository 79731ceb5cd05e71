# verdict: wrong
# style: sigmoid of the difference clamped to [-50, 50]
# mistake: clamps x - y to [-50, 50], so the small component is stuck at e^-50 ~ 2e-22
# differs-on: |x - y| > 50, e.g. (80, 0) in float64: dL/dy is 1.9e-22 instead of 1.8e-35 (only a relative comparison sees it)
import torch


def logsumexp_grad(x, y):
    d = torch.clamp(x - y, min=-50.0, max=50.0)
    return 1 / (1 + torch.exp(-d)), 1 / (1 + torch.exp(d))
