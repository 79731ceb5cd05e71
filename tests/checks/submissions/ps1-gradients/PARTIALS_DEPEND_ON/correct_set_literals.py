# verdict: correct
# style: dict of set literals
# Replace ... with a dict {"x": {...}, "y": {...}, "z": {...}} of sets of variable names.
# df/dx = 4x - 3y, df/dy = -3x, df/dz = 3z^2
PARTIALS_DEPEND_ON = {"x": {"x", "y"}, "y": {"x"}, "z": {"z"}}
