# verdict: wrong
# style: hand-computed literals
# mistake: reuses the gradient (6, 1) of the start point for the second step
# differs-on: the second point
STEPS_UNSCALED = [(-5.0, 1.0), (-11.0, 0.0)]
