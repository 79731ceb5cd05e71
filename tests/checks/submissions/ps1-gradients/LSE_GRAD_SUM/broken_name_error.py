# verdict: broken
# style: computed from names that do not exist
# mistake: uses gx and gy, which are not defined: NameError
# ruff: noqa: F821
LSE_GRAD_SUM = (gx + gy).item()
