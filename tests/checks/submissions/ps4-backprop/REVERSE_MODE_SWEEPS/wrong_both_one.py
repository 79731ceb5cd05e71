# verdict: wrong
# style: int literals
# mistake: thinks one forward sweep gives the whole gradient
# differs-on: the 'forward' value
REVERSE_MODE_SWEEPS = {"forward": 1, "reverse": 1}
