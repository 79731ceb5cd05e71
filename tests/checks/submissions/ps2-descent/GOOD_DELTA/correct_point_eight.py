# verdict: correct
# style: float literal (overshoots but contracts fast)
GOOD_DELTA = 0.8
