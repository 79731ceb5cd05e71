# verdict: correct
# style: np.roots of f', rounded and converted to float
import numpy as np

# f'(x) = 12x^3 - 12x^2 - 24x
CRITICAL_POINTS = sorted(float(round(r.real, 9)) + 0.0 for r in np.roots([12, -12, -24, 0]))
