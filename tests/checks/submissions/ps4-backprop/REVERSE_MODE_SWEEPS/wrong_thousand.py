# verdict: wrong
# style: int literals
# mistake: miscounts the inputs of R^1000000 as 1000
# differs-on: the 'forward' value
REVERSE_MODE_SWEEPS = {"forward": 1000, "reverse": 1}
