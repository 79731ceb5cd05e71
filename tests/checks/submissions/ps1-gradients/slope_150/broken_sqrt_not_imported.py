# verdict: broken
# style: closed form with an unimported sqrt
# mistake: uses sqrt without importing it: NameError on every call
# ruff: noqa: F821
def slope_150(x, y):
    return 2 * x - 2 * sqrt(3) * y + 1.5 * y**2
