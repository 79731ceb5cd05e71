# verdict: wrong
# style: set literals
# mistake: treats df/dz = 3z^2 as depending on nothing
# differs-on: the value for key 'z'
# written-by: the checks' authors (not the independent corpus)
PARTIALS_DEPEND_ON = {"x": {"x", "y"}, "y": {"x"}, "z": set()}
