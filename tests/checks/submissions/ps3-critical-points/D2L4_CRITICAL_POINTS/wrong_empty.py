# verdict: wrong
# style: empty list
# mistake: concludes there are no critical points
# differs-on: the list
D2L4_CRITICAL_POINTS = []
