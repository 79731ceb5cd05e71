# verdict: wrong
# style: dict of set literals
# mistake: treats df/dy = -3x as a constant that depends on nothing
# differs-on: the value for key 'y'
# df/dy = -3x has no y in it, so it does not depend on any variable
PARTIALS_DEPEND_ON = {"x": {"x", "y"}, "y": set(), "z": {"z"}}
