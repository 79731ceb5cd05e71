# verdict: broken
# style: stub left in place
# mistake: the stub is left unchanged: the cell raises NotImplementedError
# Replace ... with a list [(x1, y1), (x2, y2)] of Python floats.
STEPS_UNSCALED = ...
# YOUR CODE HERE
raise NotImplementedError()
