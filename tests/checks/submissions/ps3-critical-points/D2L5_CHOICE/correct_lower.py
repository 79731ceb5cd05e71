# verdict: correct
# style: normalised with .lower()
D2L5_CHOICE = "B".lower()
