# verdict: correct
# style: hand-computed literals
# Replace ... with a list [(x1, y1), (x2, y2)] of Python floats.
# grad f(1, 2) = (6, 1)        -> (1 - 0.6, 2 - 0.1)     = (0.4, 1.9)
# grad f(0.4, 1.9) = (3.5, 0.4) -> (0.4 - 0.35, 1.9 - 0.04) = (0.05, 1.86)
STEPS_SCALED = [(0.4, 1.9), (0.05, 1.86)]
