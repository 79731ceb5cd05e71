# verdict: wrong
# style: set literals
# mistake: lists all the variables of f for df/dy = -3x
# differs-on: the value for key 'y'
# written-by: the checks' authors (not the independent corpus)
PARTIALS_DEPEND_ON = {"x": {"x", "y"}, "y": {"x", "y", "z"}, "z": {"z"}}
