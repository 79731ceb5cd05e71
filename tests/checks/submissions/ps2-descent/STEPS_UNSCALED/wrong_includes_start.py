# verdict: wrong
# style: hand-computed list
# mistake: lists the start point and the first step instead of the first two steps
# differs-on: both points
# written-by: the checks' authors (not the independent corpus)
STEPS_UNSCALED = [(1.0, 2.0), (-5.0, 1.0)]
