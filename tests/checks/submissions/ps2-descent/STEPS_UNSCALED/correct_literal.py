# verdict: correct
# style: hand-computed literals
# Replace ... with a list [(x1, y1), (x2, y2)] of Python floats.
# (1, 2) - (6, 1) = (-5, 1); grad f(-5, 1) = (-19, -5); (-5, 1) - (-19, -5) = (14, 6)
STEPS_UNSCALED = [(-5.0, 1.0), (14.0, 6.0)]
