# verdict: correct
# style: list built with append
D2L4_CRITICAL_POINTS = []
D2L4_CRITICAL_POINTS.append((0, 0.0))
