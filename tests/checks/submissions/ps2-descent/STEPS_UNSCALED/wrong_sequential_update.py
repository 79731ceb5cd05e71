# verdict: wrong
# style: computed, y updated with the new x
# mistake: updates y with df/dy at the new x (sequential instead of simultaneous)
# differs-on: the values ((-5, 7), (8, -1))
x, y = 1.0, 2.0
STEPS_UNSCALED = []
for _ in range(2):
    x = x - (4 * x + y)
    y = y - x
    STEPS_UNSCALED.append((x, y))
