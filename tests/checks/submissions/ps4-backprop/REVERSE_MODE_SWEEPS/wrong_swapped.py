# verdict: wrong
# style: int literals
# mistake: swaps the counts of forward and reverse mode
# differs-on: both values
REVERSE_MODE_SWEEPS = {"forward": 1, "reverse": 1000000}
