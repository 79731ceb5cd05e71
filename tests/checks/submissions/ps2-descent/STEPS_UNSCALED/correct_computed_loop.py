# verdict: correct
# style: computed with a small loop
def _grad(x, y):
    return 4 * x + y, x


_p = (1.0, 2.0)
STEPS_UNSCALED = []
for _ in range(2):
    _g = _grad(*_p)
    _p = (_p[0] - _g[0], _p[1] - _g[1])
    STEPS_UNSCALED.append(_p)
