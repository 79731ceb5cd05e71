# verdict: wrong
# style: dict of strings
# mistake: values are strings of letters instead of sets
# differs-on: the type of the values (str, not set)
PARTIALS_DEPEND_ON = {"x": "xy", "y": "x", "z": "z"}
