# verdict: correct
# style: torch.func.hessian
from torch.func import hessian as _func_hessian


def hessian(f, point):
    return _func_hessian(f)(point.detach())
