# verdict: wrong
# style: dict with descriptive keys
# mistake: uses the keys 'forward_mode' and 'reverse_mode' instead of 'forward' and 'reverse'
# differs-on: the keys
REVERSE_MODE_SWEEPS = {"forward_mode": 1000000, "reverse_mode": 1}
