# verdict: correct
# style: dict(...) with underscores, keys in the other order
REVERSE_MODE_SWEEPS = dict(reverse=1, forward=1_000_000)
