# verdict: wrong
# style: dict of lists
# mistake: uses lists where the exercise asks for Python sets
# differs-on: the type of the values (list, not set)
PARTIALS_DEPEND_ON = {"x": ["x", "y"], "y": ["x"], "z": ["z"]}
