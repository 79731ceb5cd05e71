# verdict: wrong
# style: hand-computed list
# mistake: takes df/dy = y instead of x
# differs-on: both points
# written-by: the checks' authors (not the independent corpus)
# grad f taken as (4x + y, y): (1, 2) -> (0.4, 1.8) -> (0.06, 1.62)
STEPS_SCALED = [(0.4, 1.8), (0.06, 1.62)]
