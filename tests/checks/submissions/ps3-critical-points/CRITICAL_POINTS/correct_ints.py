# verdict: correct
# style: int literals
# Replace ... with a sorted list of Python numbers, e.g. [x1, x2, ...].
# f'(x) = 12x^3 - 12x^2 - 24x = 12x(x^2 - x - 2) = 12x(x - 2)(x + 1)
CRITICAL_POINTS = [-1, 0, 2]
