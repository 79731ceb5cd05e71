# verdict: wrong
# style: hand-computed list
# mistake: takes df/dx = 4x, forgetting the y of d(xy)/dx
# differs-on: both points
# written-by: the checks' authors (not the independent corpus)
# grad f taken as (4x, x): (1, 2) -> (-3, 1) -> (9, 4)
STEPS_UNSCALED = [(-3.0, 1.0), (9.0, 4.0)]
