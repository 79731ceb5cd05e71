# verdict: wrong
# style: closure with a row-vector product
# mistake: builds q with a (1, d) row vector, so q(x) has shape (1,) instead of being 0-d
# differs-on: any x (shape (1,) instead of ())
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    xv = x0.clone().requires_grad_(True)
    f0 = f(xv)
    (g,) = torch.autograd.grad(f0, xv)
    H = torch.autograd.functional.hessian(f, x0)
    f0 = f0.detach()

    def q(x):
        d = (x - x0).unsqueeze(0)  # row vector
        return f0 + d @ g + 0.5 * (d @ H @ d.T).squeeze(0)

    return q
