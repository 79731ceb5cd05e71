# verdict: wrong
# style: hand-computed, rounded to one decimal
# mistake: rounds the second point (0.05, 1.86) to one decimal
# differs-on: the second point
STEPS_SCALED = [(0.4, 1.9), (0.1, 1.9)]
