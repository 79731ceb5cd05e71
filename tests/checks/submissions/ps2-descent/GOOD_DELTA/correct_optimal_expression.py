# verdict: correct
# style: computed 1 / f''(x*)
GOOD_DELTA = 1 / (1 + 0.5671432904097838)
