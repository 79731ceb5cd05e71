# verdict: wrong
# style: the delta = 0.1 answer pasted again
# mistake: gives the delta = 0.1 steps instead of the delta = 1 steps
# differs-on: the values
STEPS_UNSCALED = [(0.4, 1.9), (0.05, 1.86)]
