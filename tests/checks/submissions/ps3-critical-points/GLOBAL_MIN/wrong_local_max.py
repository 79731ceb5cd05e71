# verdict: wrong
# style: int literals
# mistake: gives the local maximum at 0
# differs-on: the values
GLOBAL_MIN = (0, 0)
