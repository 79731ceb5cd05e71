# verdict: wrong
# style: hand-computed literals
# mistake: lists the start point and the first step instead of the first two steps
# differs-on: both points
STEPS_SCALED = [(1.0, 2.0), (0.4, 1.9)]
