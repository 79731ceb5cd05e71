# verdict: wrong
# style: hand-computed literals
# mistake: takes df/dx = 4x, forgetting the y of d(xy)/dx
# differs-on: the values
# df/dx = 4x, df/dy = x
STEPS_SCALED = [(0.6, 1.9), (0.36, 1.84)]
