# verdict: wrong
# style: hand-computed literals
# mistake: takes df/dy = y instead of x
# differs-on: the values
# grad f = (4x + y, y)
STEPS_UNSCALED = [(-5.0, 0.0), (15.0, 0.0)]
