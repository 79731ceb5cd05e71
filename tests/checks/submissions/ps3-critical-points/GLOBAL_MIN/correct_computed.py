# verdict: correct
# style: min over the critical points with a helper
def _f(x):
    return 3 * x**4 - 4 * x**3 - 12 * x**2


_x = min([-1, 0, 2], key=_f)
GLOBAL_MIN = (_x, _f(_x))
