# verdict: correct
# style: dict(...) with keyword arguments, sets in another order
# 4x - 3y depends on y and x, -3x only on x, 3z^2 only on z
PARTIALS_DEPEND_ON = dict(x={"y", "x"}, y=set(["x"]), z={"z"})
