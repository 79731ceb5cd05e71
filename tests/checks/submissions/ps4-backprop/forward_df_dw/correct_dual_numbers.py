# verdict: correct
# style: a hand-rolled dual-number class (forward-mode AD without autograd)
import torch


class _Dual:
    """value + eps * tangent with eps^2 = 0"""

    def __init__(self, val, tan):
        self.val, self.tan = val, tan

    def __add__(self, other):
        return _Dual(self.val + other.val, self.tan + other.tan)

    def __sub__(self, other):
        return _Dual(self.val - other.val, self.tan - other.tan)

    def square(self):
        return _Dual(self.val * self.val, 2 * self.val * self.tan)


def _seed(t, tangent):
    if torch.is_tensor(t):
        return _Dual(t, torch.full_like(t, tangent))
    return _Dual(t, float(tangent))


def forward_df_dw(w, x, y, z):
    W, X, Y, Z = _seed(w, 1.0), _seed(x, 0.0), _seed(y, 0.0), _seed(z, 0.0)
    a = (W + X + Y + Z).square()
    b = (W + X - Y - Z).square()
    u = (a + b).square()
    v = (a - b).square()
    f = (u + v).square()
    return f.val, f.tan
