# verdict: wrong
# style: dict of set literals
# mistake: says df/dy = -3x depends on y too (confuses 'differentiated by y' with 'depends on y')
# differs-on: the value for key 'y'
PARTIALS_DEPEND_ON = {"x": {"x", "y"}, "y": {"x", "y"}, "z": {"z"}}
