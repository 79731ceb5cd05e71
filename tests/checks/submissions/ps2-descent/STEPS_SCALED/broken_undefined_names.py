# verdict: broken
# style: list of names that are never defined
# mistake: uses x1, y1, x2, y2 without defining them: NameError
# ruff: noqa: F821
STEPS_SCALED = [(x1, y1), (x2, y2)]
