# verdict: correct
# style: torch.func.jacrev
from torch.func import jacrev


def jacobian(F, x):
    return jacrev(F)(x.detach())
