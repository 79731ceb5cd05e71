# verdict: correct
# style: 10**6
REVERSE_MODE_SWEEPS = {"forward": 10**6, "reverse": 1}
