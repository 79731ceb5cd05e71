# verdict: wrong
# style: int literals
# mistake: thinks reverse mode also needs one sweep per input
# differs-on: the 'reverse' value
REVERSE_MODE_SWEEPS = {"forward": 1000000, "reverse": 1000000}
