# verdict: wrong
# style: int literals
# mistake: counts no reverse sweep at all, as if the forward evaluation gave the gradient
# differs-on: the 'reverse' value
# written-by: the checks' authors (not the independent corpus)
REVERSE_MODE_SWEEPS = {"forward": 1000000, "reverse": 0}
