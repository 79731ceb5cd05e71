# verdict: wrong
# style: set literals
# mistake: gives the variable differentiated by ({'y'}) instead of the variables left in df/dy = -3x
# differs-on: the value for key 'y'
# written-by: the checks' authors (not the independent corpus)
PARTIALS_DEPEND_ON = {"x": {"x", "y"}, "y": {"y"}, "z": {"z"}}
