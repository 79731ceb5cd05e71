# verdict: wrong
# style: hand-computed list
# mistake: forgets to multiply the gradient by delta = 0.1 (these are the delta = 1 steps)
# differs-on: both points
# written-by: the checks' authors (not the independent corpus)
STEPS_SCALED = [(-5.0, 1.0), (14.0, 6.0)]
