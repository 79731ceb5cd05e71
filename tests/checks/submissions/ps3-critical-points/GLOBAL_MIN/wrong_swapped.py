# verdict: wrong
# style: int literals
# mistake: writes (f(x), x) instead of (x, f(x))
# differs-on: both entries
GLOBAL_MIN = (-32, 2)
