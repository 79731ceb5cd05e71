# verdict: correct
# style: a small class with __call__
import torch


class _Quadratic:
    def __init__(self, c, g, H, x0):
        self.c, self.g, self.H, self.x0 = c, g, H, x0

    def __call__(self, x):
        d = x - self.x0
        return self.c + self.g @ d + 0.5 * (d @ self.H @ d)


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    leaf = x0.clone().requires_grad_(True)
    with torch.enable_grad():
        c = f(leaf)
        c.backward()
    H = torch.func.jacfwd(torch.func.jacrev(f))(x0)
    return _Quadratic(c.detach(), leaf.grad.detach(), H.detach(), x0)
