# verdict: wrong
# style: hand-computed literals
# mistake: steps along +grad instead of -grad
# differs-on: the values
STEPS_UNSCALED = [(7.0, 3.0), (38.0, 10.0)]
