# verdict: wrong
# style: set literals
# mistake: says df/dx = 4x - 3y depends on y only, forgetting the 4x from 2x^2
# differs-on: the value for key 'x'
# written-by: the checks' authors (not the independent corpus)
PARTIALS_DEPEND_ON = {"x": {"y"}, "y": {"x"}, "z": {"z"}}
