# verdict: wrong
# style: dict of set literals
# mistake: forgets that df/dx = 4x - 3y also depends on y
# differs-on: the value for key 'x'
PARTIALS_DEPEND_ON = {"x": {"x"}, "y": {"x"}, "z": {"z"}}
