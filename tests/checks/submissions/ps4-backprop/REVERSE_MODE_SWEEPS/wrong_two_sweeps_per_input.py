# verdict: wrong
# style: int literals
# mistake: counts two forward sweeps per input (one for the value, one for the derivative)
# differs-on: the 'forward' value
# written-by: the checks' authors (not the independent corpus)
REVERSE_MODE_SWEEPS = {"forward": 2000000, "reverse": 1}
