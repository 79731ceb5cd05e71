# verdict: wrong
# style: hand-computed literals
# mistake: takes the second step with the gradient at the start point instead of at the first new point
# differs-on: the second point
# both steps with grad f(1, 2) = (6, 1)
STEPS_SCALED = [(0.4, 1.9), (-0.2, 1.8)]
