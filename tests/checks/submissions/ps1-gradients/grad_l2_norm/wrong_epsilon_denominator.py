# verdict: wrong
# style: v / (norm + 1e-8)
# mistake: adds 1e-8 to the norm to avoid dividing by zero, which biases every result
# differs-on: vectors of small norm, e.g. ||v|| = 1e-4 (1e-4 relative error); any float64 vector at tight tolerance
import torch


def grad_l2_norm(v):
    return v / (torch.linalg.norm(v) + 1e-8)
