# verdict: correct
# style: int literals
# forward mode: one sweep per input direction -> 10^6; reverse mode: one sweep per output -> 1
REVERSE_MODE_SWEEPS = {"forward": 1000000, "reverse": 1}
