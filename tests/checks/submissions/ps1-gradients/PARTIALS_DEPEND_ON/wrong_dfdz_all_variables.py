# verdict: wrong
# style: set literals
# mistake: lists all the variables of f for df/dz = 3z^2
# differs-on: the value for key 'z'
# written-by: the checks' authors (not the independent corpus)
PARTIALS_DEPEND_ON = {"x": {"x", "y"}, "y": {"x"}, "z": {"x", "y", "z"}}
