# verdict: correct
# style: torch.autograd.functional.jacobian
from torch.autograd.functional import jacobian


def gradient(f, point):
    # for a scalar f the Jacobian has exactly the shape of the point
    return jacobian(f, point.detach()).reshape(point.shape)
