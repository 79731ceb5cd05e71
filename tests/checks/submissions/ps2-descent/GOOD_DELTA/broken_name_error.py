# verdict: broken
# style: expression using an undefined name
# mistake: X_STAR_VALUE is not defined: NameError
# ruff: noqa: F821
GOOD_DELTA = 1 / (1 + X_STAR_VALUE)
