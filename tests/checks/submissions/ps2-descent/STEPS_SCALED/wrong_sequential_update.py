# verdict: wrong
# style: computed, y updated with the new x
# mistake: updates y with df/dy evaluated at the new x (sequential instead of simultaneous)
# differs-on: the values (y1 = 1.96 instead of 1.9)
x, y = 1.0, 2.0
steps = []
for _ in range(2):
    x = x - 0.1 * (4 * x + y)
    y = y - 0.1 * x  # uses the x just updated
    steps.append((x, y))
STEPS_SCALED = steps
